namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// The per-product pads of an owned operand's OTs: pad(k, t, e) is word e of the blocks
/// π(k ⊕ (β, t ⊕ D)) ⊕ (k ⊕ (β, t ⊕ D)) for β = 0, 1, …, with k a 128-bit random-OT key, t the product's number
/// and D a fixed domain constant: the tweakable Matyas–Meyer–Oseas expansion of <see cref="FixedKeyAes"/>, so
/// every (key, product, block) gives a fresh pseudorandom block as long as the key is unknown.
/// </summary>
/// <remarks>Thread-safety: stateless; safe from any thread.</remarks>
internal static class OwnedPads
{
    /// <summary>"owned pad" in ASCII: keeps these expansions apart from any other use of π.</summary>
    private const ulong Domain = 0x6F776E6564706164;

    /// <summary>Scratch words <see cref="Fill"/> needs for <paramref name="keys"/> keys of <paramref name="length"/> pad words each.</summary>
    public static int ScratchWords(int keys, int length) => checked(keys * 2 * ((length + 1) >> 1));

    /// <summary>
    /// Writes pad(k_j, <paramref name="product"/>, e) for e &lt; <paramref name="length"/> into row j of
    /// <paramref name="output"/> (keys × length), for every key j of <paramref name="keys"/> (two words each).
    /// </summary>
    public static void Fill(ReadOnlySpan<ulong> keys, long product, int length, Span<ulong> output, Span<ulong> scratch)
    {
        int count = keys.Length >> 1, blocks = (length + 1) >> 1, stride = 2 * blocks;
        ulong high = (ulong)product ^ Domain;
        Span<ulong> buffer = scratch[..(count * stride)];
        for (int j = 0; j < count; j++)
        {
            ulong low = keys[2 * j], top = keys[(2 * j) + 1] ^ high;
            Span<ulong> row = buffer.Slice(j * stride, stride);
            for (int b = 0; b < blocks; b++)
            {
                row[2 * b] = low ^ (ulong)b;
                row[(2 * b) + 1] = top;
            }
        }

        FixedKeyAes.Permute(buffer);
        for (int j = 0; j < count; j++)
        {
            ulong low = keys[2 * j], top = keys[(2 * j) + 1] ^ high;
            ReadOnlySpan<ulong> row = buffer.Slice(j * stride, length);
            Span<ulong> target = output.Slice(j * length, length);
            for (int e = 0; e < length; e++)
            {
                target[e] = row[e] ^ ((e & 1) == 0 ? low ^ (ulong)(e >> 1) : top);
            }
        }
    }
}

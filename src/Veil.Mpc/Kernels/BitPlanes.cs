using System.Runtime.CompilerServices;

namespace Veil.Mpc.Kernels;

/// <summary>
/// Bit-sliced layout for comparison circuits. For N values, <c>planes[b * W + w]</c> holds bit b of the values
/// 64w .. 64w + 63 (bit j of the word is value 64w + j), with W = ceil(N / 64). A whole tensor's bit b is then one
/// run of W words, so each AND of the circuit is one vectorised pass over all elements.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class BitPlanes
{
    /// <summary>Bits in a ring element, hence planes per value.</summary>
    public const int Bits = 64;

    /// <summary>W: the number of words that hold one bit of <paramref name="count"/> values.</summary>
    public static int WordsFor(int count) => (count + 63) >> 6;

    /// <summary>A mask of the valid bits of the last word for <paramref name="count"/> values (all ones when full).</summary>
    public static ulong LastWordMask(int count) => (count & 63) == 0 ? ulong.MaxValue : (1UL << (count & 63)) - 1;

    /// <summary>Writes the 64 bit planes of <paramref name="values"/> into <paramref name="planes"/> (64 * W words).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToPlanes(ReadOnlySpan<ulong> values, Span<ulong> planes)
    {
        int words = WordsFor(values.Length);
        Guard.LengthEquals(planes.Length, Bits * words, nameof(planes));
        Span<ulong> block = stackalloc ulong[Bits];
        for (int w = 0; w < words; w++)
        {
            int start = w * Bits;
            int take = Math.Min(Bits, values.Length - start);
            values.Slice(start, take).CopyTo(block);
            block[take..].Clear();
            Transpose64(block);
            for (int b = 0; b < Bits; b++)
            {
                planes[(b * words) + w] = block[b];
            }
        }
    }

    /// <summary>
    /// Transposes a 64 x 64 bit matrix in place (row r is <c>m[r]</c>, column c is bit c): afterwards bit c of
    /// <c>m[r]</c> is what bit r of <c>m[c]</c> was. Recursive block swaps: six stages of 32 masked exchanges.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose64(Span<ulong> m)
    {
        Guard.LengthEquals(m.Length, Bits, nameof(m));
        int j = 32;
        ulong mask = 0x0000_0000_FFFF_FFFFUL;
        while (j != 0)
        {
            for (int k = 0; k < Bits; k = ((k | j) + 1) & ~j)
            {
                // Swap the upper-right j x j block (rows k, bits j..) with the lower-left one (rows k + j, bits ..j).
                ulong t = ((m[k] >> j) ^ m[k | j]) & mask;
                m[k] ^= t << j;
                m[k | j] ^= t;
            }

            j >>= 1;
            mask ^= mask << j;
        }
    }

    /// <summary>Reads bit <paramref name="index"/> of a bit-packed vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Get(ReadOnlySpan<ulong> words, int index) => ((words[index >> 6] >> (index & 63)) & 1) != 0;
}

using Veil.Mpc.Kernels;
using Veil.Mpc.Protocols;

namespace Veil.Mpc;

/// <summary>
/// One party's XOR shares of a vector of bits, packed 64 to a word: bit j of element i is bit (i mod 64) of word
/// i / 64, and the bit is the XOR of all parties' shares. Comparisons produce them; <see cref="Select"/> and
/// <see cref="ToArithmetic"/> bring them back to arithmetic sharing.
/// </summary>
/// <remarks>Thread-safety: immutable; operations need the context's thread.</remarks>
public sealed class SharedBits
{
    private readonly ulong[] _words;

    internal SharedBits(MpcContext context, int count, ulong[] words)
    {
        DebugGuard.LengthEquals(words.Length, BitPlanes.WordsFor(count), nameof(words));
        Context = context;
        Count = count;
        _words = words;
    }

    /// <summary>The context (party) these shares belong to.</summary>
    public MpcContext Context { get; }

    /// <summary>The number of bits.</summary>
    public int Count { get; }

    /// <summary>This party's packed shares (bits past <see cref="Count"/> in the last word are meaningless).</summary>
    public ReadOnlySpan<ulong> Words => _words;

    /// <summary>this XOR other (local).</summary>
    /// <exception cref="ParameterMismatchException">The operands differ in context or length.</exception>
    public SharedBits Xor(SharedBits other)
    {
        CheckCompatible(other);
        var result = new ulong[_words.Length];
        RingKernels.Xor(_words, other._words, result);
        return new SharedBits(Context, Count, result);
    }

    /// <summary>NOT this (local: party 0 flips its shares).</summary>
    public SharedBits Not()
    {
        var result = (ulong[])_words.Clone();
        if (Context.PartyId == 0)
        {
            RingKernels.Xor(result, Enumerable.Repeat(ulong.MaxValue, result.Length).ToArray(), result);
        }

        return new SharedBits(Context, Count, result);
    }

    /// <summary>this AND other, by a bit-packed Beaver triple (one round).</summary>
    /// <exception cref="ParameterMismatchException">The operands differ in context or length.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public SharedBits And(SharedBits other)
    {
        CheckCompatible(other);
        using var scope = Context.Stats.Measure("and");
        var triple = Context.Triples.And(_words.Length);
        int w = _words.Length;
        var masked = new ulong[2 * w];
        RingKernels.Xor(_words, triple.A, masked.AsSpan(0, w));
        RingKernels.Xor(other._words, triple.B, masked.AsSpan(w));
        ulong[] opened = Opening.OpenBinary(Context, masked);
        var z = new ulong[w];
        for (int i = 0; i < w; i++)
        {
            // z_i = (x_i AND e) XOR (d AND b_i) XOR c_i, which XORs over the parties to x AND y.
            z[i] = (_words[i] & opened[w + i]) ^ (opened[i] & triple.B[i]) ^ triple.C[i];
        }

        return new SharedBits(Context, Count, z);
    }

    /// <summary>The bits as arithmetic shares of 0 and 1 (integers, no fractional bits; one round).</summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public SharedTensor ToArithmetic() => Selection.ToArithmetic(this);

    /// <summary>b * x for each of <paramref name="values"/> (one round for all of them); see <see cref="Selection.Multiply"/>.</summary>
    public SharedTensor[] Select(params SharedTensor[] values) => Selection.Multiply(this, values);

    /// <summary>Opens the bits to every party (one round).</summary>
    /// <exception cref="PeerFailedException">A party failed or timed out.</exception>
    public bool[] Reveal()
    {
        using var scope = Context.Stats.Measure("reveal");
        return Unpack(Opening.OpenBinary(Context, _words));
    }

    /// <summary>Opens the bits to <paramref name="party"/> only (one round); null elsewhere.</summary>
    /// <exception cref="PeerFailedException">A party failed or timed out.</exception>
    public bool[]? RevealTo(int party)
    {
        using var scope = Context.Stats.Measure("reveal");
        return Opening.OpenTo(Context, Context.CheckParty(party, nameof(party)), _words, 0) is { } words ? Unpack(words) : null;
    }

    internal void CheckCompatible(SharedBits other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ReferenceEquals(other.Context, Context) || other.Count != Count)
        {
            throw new ParameterMismatchException($"Bit vectors of {Count} and {other.Count} bits, or of different contexts.");
        }
    }

    private bool[] Unpack(ulong[] words)
    {
        var bits = new bool[Count];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = BitPlanes.Get(words, i);
        }

        return bits;
    }
}

using System.Runtime.CompilerServices;
using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Protocols;

/// <summary>
/// The sign test [x &gt;= 0] (DReLU) of shared ring elements, exact on all of Z_2^64 read as signed, in seven rounds
/// with one comparison mask (r uniform, its bits XOR-shared, and the circuit's AND triples):
/// <list type="number">
/// <item>open c = x + r (round 1; uniform to everyone);</item>
/// <item>x = c - r, so msb(x) = c_63 XOR r_63 XOR [c_L &lt; r_L] with c_L, r_L the low 63 bits: the borrow out of the
/// low bits flips the top one;</item>
/// <item>[c_L &lt; r_L] for public c and bitwise-shared r is <see cref="ComparisonCircuit"/>: six levels of bit-packed
/// AND gates over all elements at once (rounds 2 .. 7), each opening the masked inputs of a whole level;</item>
/// <item>[x &gt;= 0] = NOT msb(x).</item>
/// </list>
/// Each party sends 8 bytes (c) plus 180 bits (the circuit) per element to each other party.
/// </summary>
/// <remarks>Thread-safety: stateless; each call runs on the calling party's context thread.</remarks>
public static class Comparison
{
    /// <summary>[x &gt;= 0] elementwise, as XOR-shared bits (seven rounds).</summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedBits NonNegative(SharedTensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        MpcContext context = x.Context;
        using var scope = context.Stats.Measure("compare");
        return new SharedBits(context, x.Count, NonNegativeShares(context, x.Shares));
    }

    /// <summary>The protocol on raw shares: returns this party's packed shares of [x &gt;= 0].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong[] NonNegativeShares(MpcContext context, ReadOnlySpan<ulong> x)
    {
        if (context.Triples.ProvidesWideComparison)
        {
            return WideComparison.NonNegativeShares(context, x);
        }

        int w = BitPlanes.WordsFor(x.Length);
        ComparisonCorrelation mask = context.Triples.Comparison(x.Length);
        var (cBits, g, e) = OpenMasked(context, x, mask.R, mask.RBits, w);
        for (int l = 0; l < ComparisonCircuit.Levels.Length; l++)
        {
            (g, e) = CombineLevel(context, ComparisonCircuit.Levels[l], mask.Levels[l], g, e, w);
        }

        return NotMostSignificant(context, cBits, mask.RBits, g, w);
    }

    /// <summary>
    /// Opens c = x + r (one round) and returns c's bit planes with the circuit's inputs per low bit position:
    /// G = "r is larger at this bit" (r AND NOT c) and E = "equal at this bit" (NOT (c XOR r)), as XOR shares.
    /// </summary>
    internal static (ulong[] CBits, ulong[] G, ulong[] E) OpenMasked(MpcContext context, ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> r, ReadOnlySpan<ulong> rBits, int w)
    {
        bool first = context.PartyId == 0;
        var masked = new ulong[x.Length];
        RingKernels.Add(x, r, masked);
        ulong[] c = Opening.OpenArithmetic(context, masked);
        var cBits = new ulong[BitPlanes.Bits * w];
        BitPlanes.ToPlanes(c, cBits);

        int groups = ComparisonCircuit.Positions;
        var g = new ulong[groups * w];
        var e = new ulong[groups * w];
        for (int i = 0; i < groups * w; i++)
        {
            ulong notC = ~cBits[i];
            g[i] = rBits[i] & notC;
            e[i] = first ? rBits[i] ^ notC : rBits[i];
        }

        return (cBits, g, e);
    }

    /// <summary>
    /// [x ≥ 0] from the circuit's result G = [c_L &lt; r_L]: msb(x) = c_63 XOR r_63 XOR G, negated (party 0 flips).
    /// </summary>
    internal static ulong[] NotMostSignificant(MpcContext context, ReadOnlySpan<ulong> cBits, ReadOnlySpan<ulong> rBits, ReadOnlySpan<ulong> g, int w)
    {
        bool first = context.PartyId == 0;
        var result = new ulong[w];
        int top = (BitPlanes.Bits - 1) * w;
        for (int i = 0; i < w; i++)
        {
            result[i] = rBits[top + i] ^ g[i] ^ (first ? ~cBits[top + i] : 0UL);
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (ulong[] G, ulong[] E) CombineLevel(MpcContext context, ComparisonLevel level, BinaryTriple triple, ulong[] g, ulong[] e, int w)
    {
        int pairs = level.Pairs, gates = level.Gates;
        var masked = new ulong[(pairs + gates) * w];
        for (int p = 0; p < pairs; p++)
        {
            RingKernels.Xor(e.AsSpan(((2 * p) + 1) * w, w), triple.A.Slice(p * w, w), masked.AsSpan(p * w, w));
        }

        for (int gate = 0; gate < gates; gate++)
        {
            ReadOnlySpan<ulong> right = gate < pairs ? g.AsSpan(2 * gate * w, w) : e.AsSpan(2 * level.PairOfGate(gate) * w, w);
            RingKernels.Xor(right, triple.B.Slice(gate * w, w), masked.AsSpan((pairs + gate) * w, w));
        }

        ulong[] opened = Opening.OpenBinary(context, masked);
        int nextGroups = pairs + (level.Groups % 2);
        var nextG = new ulong[nextGroups * w];
        var nextE = new ulong[nextGroups * w];
        for (int gate = 0; gate < gates; gate++)
        {
            int pair = level.PairOfGate(gate);
            ReadOnlySpan<ulong> left = e.AsSpan(((2 * pair) + 1) * w, w);
            ReadOnlySpan<ulong> d = opened.AsSpan(pair * w, w);
            ReadOnlySpan<ulong> f = opened.AsSpan((pairs + gate) * w, w);
            ReadOnlySpan<ulong> b = triple.B.Slice(gate * w, w);
            ReadOnlySpan<ulong> c = triple.C.Slice(gate * w, w);
            Span<ulong> target = gate < pairs ? nextG.AsSpan(pair * w, w) : nextE.AsSpan(pair * w, w);
            ReadOnlySpan<ulong> high = gate < pairs ? g.AsSpan(((2 * pair) + 1) * w, w) : default;
            for (int i = 0; i < w; i++)
            {
                // AND share: (left_i AND f) XOR (d AND b_i) XOR c_i; G also XORs in G_hi.
                ulong and = (left[i] & f[i]) ^ (d[i] & b[i]) ^ c[i];
                target[i] = gate < pairs ? high[i] ^ and : and;
            }
        }

        if (level.Groups % 2 == 1)
        {
            int last = level.Groups - 1;
            g.AsSpan(last * w, w).CopyTo(nextG.AsSpan(pairs * w));
            e.AsSpan(last * w, w).CopyTo(nextE.AsSpan(pairs * w));
        }

        return (nextG, nextE);
    }
}

using System.Runtime.CompilerServices;
using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Protocols;

/// <summary>
/// Multiplies arithmetic tensors by an XOR-shared bit in one round, converting the bit on the way. From a selection
/// mask (random bit t in both sharings; per vector a mask a and the product a t):
/// <list type="number">
/// <item>open u = b XOR t and, for each vector, e = x - a, all in one round;</item>
/// <item>b = u + (1 - 2u) t, so b x = u x + (1 - 2u) t x, and t x = e t + a t is linear in the shares;</item>
/// <item>each party outputs u x_i + (1 - 2u)(e t_i + (a t)_i).</item>
/// </list>
/// With no vector, the same mask converts the bits to arithmetic shares (<see cref="ToArithmetic"/>).
/// </summary>
/// <remarks>Thread-safety: stateless; each call runs on the calling party's context thread.</remarks>
public static class Selection
{
    /// <summary>b * x for every tensor of <paramref name="values"/>, each of <c>bits.Count</c> elements (one round).</summary>
    /// <exception cref="ParameterMismatchException">A tensor has another context or element count.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor[] Multiply(SharedBits bits, params SharedTensor[] values)
    {
        ArgumentNullException.ThrowIfNull(bits);
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!ReferenceEquals(value.Context, bits.Context) || value.Count != bits.Count)
            {
                throw new ParameterMismatchException($"Selecting a tensor of {value.Count} elements by {bits.Count} bits, or across contexts.");
            }
        }

        using var scope = bits.Context.Stats.Measure("select");
        var products = MultiplyShares(bits.Context, bits.Words, bits.Count, values.Select(v => v.Buffer).ToArray());
        return values.Select((v, i) => v.With(products[i], v.FractionalBits)).ToArray();
    }

    /// <summary>The bits as arithmetic shares of 0 and 1, with no fractional bits (one round).</summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor ToArithmetic(SharedBits bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        MpcContext context = bits.Context;
        using var scope = context.Stats.Measure("bit-to-arithmetic");
        SelectionCorrelation mask = context.Triples.Selection(bits.Count, 0);
        var masked = new ulong[bits.Words.Length];
        RingKernels.Xor(bits.Words, mask.Bits, masked);
        ulong[] u = Opening.OpenBinary(context, masked);
        var shares = new ulong[bits.Count];
        ReadOnlySpan<ulong> t = mask.Arithmetic;
        for (int i = 0; i < shares.Length; i++)
        {
            bool ui = BitPlanes.Get(u, i);
            shares[i] = (ui ? 0UL - t[i] : t[i]) + (ui && context.PartyId == 0 ? 1UL : 0UL);
        }

        return new SharedTensor(context, new TensorShape(bits.Count), shares, 0);
    }

    /// <summary>The protocol on raw shares: returns b * x_v for each vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong[][] MultiplyShares(MpcContext context, ReadOnlySpan<ulong> bitShares, int count, ulong[][] vectors)
    {
        SelectionCorrelation mask = context.Triples.Selection(count, vectors.Length);
        int words = bitShares.Length;
        int arithmetic = vectors.Length * count;
        var masked = new ulong[arithmetic + words];
        for (int v = 0; v < vectors.Length; v++)
        {
            RingKernels.Subtract(vectors[v], mask.Mask(v), masked.AsSpan(v * count, count));
        }

        RingKernels.Xor(bitShares, mask.Bits, masked.AsSpan(arithmetic));
        ulong[] opened = Opening.Open(context, masked, arithmetic);
        ReadOnlySpan<ulong> u = opened.AsSpan(arithmetic);
        ReadOnlySpan<ulong> t = mask.Arithmetic;
        var results = new ulong[vectors.Length][];
        for (int v = 0; v < vectors.Length; v++)
        {
            ReadOnlySpan<ulong> e = opened.AsSpan(v * count, count);
            ReadOnlySpan<ulong> x = vectors[v];
            ReadOnlySpan<ulong> at = mask.MaskProduct(v);
            var result = new ulong[count];
            for (int i = 0; i < count; i++)
            {
                ulong tx = (e[i] * t[i]) + at[i];
                result[i] = BitPlanes.Get(u, i) ? x[i] - tx : tx;
            }

            results[v] = result;
        }

        return results;
    }
}

using System.Runtime.CompilerServices;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Protocols;

/// <summary>
/// Division of shared values by 2^s with one round, exact up to one unit in the last place and with no failure
/// probability for |x| &lt; 2^62 (see docs/mpc.md). From a truncation pair (r uniform, q = floor(r / 2^s), t = bit 63 of r):
/// <list type="number">
/// <item>shift x into x' = x + 2^62, which lies in [0, 2^63);</item>
/// <item>open c = x' + r mod 2^64 (one round; uniform to everyone);</item>
/// <item>the sum x' + r wrapped past 2^64 exactly when t = 1 and bit 63 of c is 0, so
/// floor((x' + r) / 2^s) = (c >> s) + w 2^(64-s) with w = t (1 - c_63), which is linear in t's shares;</item>
/// <item>each party outputs [i = 0] ((c >> s) - 2^(62-s)) - q_i + (1 - c_63) t_i 2^(64-s).</item>
/// </list>
/// The output is floor(x / 2^s) + b with b = 1 with probability (x mod 2^s) / 2^s: stochastic rounding, unbiased.
/// </summary>
/// <remarks>Thread-safety: stateless; each call runs on the calling party's context thread.</remarks>
public static class Truncation
{
    /// <summary>The magnitude below which truncation is exact up to one unit: 2^62.</summary>
    public const ulong Bound = 1UL << 62;

    /// <summary>
    /// Truncates <paramref name="bits"/> fractional bits: the value is kept, the encoding loses precision
    /// (FractionalBits decreases by <paramref name="bits"/>). One round.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is outside [1, FractionalBits].</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor Truncate(SharedTensor x, int bits)
    {
        ArgumentNullException.ThrowIfNull(x);
        Guard.InRange(bits, 1, Math.Min(62, x.FractionalBits));
        return x.With(Shift(x, bits), x.FractionalBits - bits);
    }

    /// <summary>Truncates a tensor back to the context's fractional bits; returns it unchanged when already there.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The tensor carries fewer fractional bits than the context's format.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor Rescale(SharedTensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int excess = x.FractionalBits - x.Context.FixedPoint.FractionalBits;
        Guard.IsTrue(excess >= 0, nameof(x), $"carries {x.FractionalBits} fractional bits, fewer than the format's {x.Context.FixedPoint.FractionalBits}");
        return excess == 0 ? x : Truncate(x, excess);
    }

    /// <summary>Divides the value by 2^<paramref name="bits"/>, keeping the fractional bits (one round).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is outside [1, 62].</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor DividePowerOfTwo(SharedTensor x, int bits)
    {
        ArgumentNullException.ThrowIfNull(x);
        Guard.InRange(bits, 1, 62);
        return x.With(Shift(x, bits), x.FractionalBits);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong[] Shift(SharedTensor x, int bits)
    {
        MpcContext context = x.Context;
        using var scope = context.Stats.Measure("truncate");
        TruncationPair pair = context.Triples.Truncation(x.Count, bits);
        bool first = context.PartyId == 0;
        var masked = new ulong[x.Count];
        ReadOnlySpan<ulong> shares = x.Shares, r = pair.R;
        for (int i = 0; i < masked.Length; i++)
        {
            masked[i] = shares[i] + r[i] + (first ? Bound : 0UL);
        }

        ulong[] c = Opening.OpenArithmetic(context, masked);
        ReadOnlySpan<ulong> q = pair.RShifted, top = pair.RTopBit;
        ulong offset = Bound >> bits;
        int wrapShift = 64 - bits;
        var result = new ulong[x.Count];
        for (int i = 0; i < result.Length; i++)
        {
            ulong value = (c[i] >> 63) == 0 ? top[i] << wrapShift : 0UL;
            value -= q[i];
            if (first)
            {
                value += (c[i] >> bits) - offset;
            }

            result[i] = value;
        }

        return result;
    }
}

using System.Numerics;
using Veil.Random;

namespace Veil.Privacy.Sampling;

/// <summary>
/// Bernoulli trials with exact rational and exp(-rational) success probabilities, from uniform random integers only
/// (Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for Differential Privacy", Algorithm 1). No floating
/// point is involved, so the sampled distribution is exactly the one the privacy analysis assumes.
/// </summary>
/// <remarks>Thread-safety: stateless; each call uses the random source it is given (which is not thread-safe).</remarks>
internal static class ExactBernoulli
{
    /// <summary>True with probability numerator / denominator (clamped to [0, 1]).</summary>
    public static bool Sample(IRandomSource random, BigInteger numerator, BigInteger denominator)
    {
        if (numerator.Sign <= 0)
        {
            return false;
        }

        if (numerator >= denominator)
        {
            return true;
        }

        return UniformBelow(random, denominator) < numerator;
    }

    /// <summary>True with probability exp(-gamma), gamma &gt;= 0.</summary>
    /// <remarks>For gamma in [0, 1]: draw A_k ~ Bernoulli(gamma / k) for k = 1, 2, ... until one fails; the index K of
    /// the first failure is odd with probability exactly exp(-gamma) (the alternating series of the exponential).
    /// For gamma &gt; 1: exp(-gamma) = exp(-1)^floor(gamma) exp(-(gamma - floor(gamma))), one trial each.</remarks>
    public static bool SampleExpMinus(IRandomSource random, Rational gamma)
    {
        BigInteger numerator = gamma.Numerator, denominator = gamma.Denominator;
        if (numerator > denominator)
        {
            BigInteger whole = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
            for (BigInteger i = BigInteger.Zero; i < whole; i++)
            {
                if (!SampleExpMinusAtMostOne(random, BigInteger.One, BigInteger.One))
                {
                    return false;
                }
            }

            numerator = remainder;
        }

        return SampleExpMinusAtMostOne(random, numerator, denominator);
    }

    /// <summary>A uniform integer in [0, bound), by rejection from random bits (no modulo bias).</summary>
    public static BigInteger UniformBelow(IRandomSource random, BigInteger bound)
    {
        if (bound <= ulong.MaxValue)
        {
            return random.NextBelow((ulong)bound);
        }

        int bits = (int)bound.GetBitLength();
        int bytes = (bits + 7) / 8;
        byte topMask = (byte)(0xFF >> ((8 * bytes) - bits));
        Span<byte> buffer = bytes <= 256 ? stackalloc byte[bytes] : new byte[bytes];
        while (true)
        {
            random.Fill(buffer);
            buffer[^1] &= topMask;
            var candidate = new BigInteger(buffer, isUnsigned: true, isBigEndian: false);
            if (candidate < bound)
            {
                return candidate;
            }
        }
    }

    private static bool SampleExpMinusAtMostOne(IRandomSource random, BigInteger numerator, BigInteger denominator)
    {
        BigInteger k = BigInteger.One;
        while (Sample(random, numerator, denominator * k))
        {
            k++;
        }

        return !k.IsEven;
    }
}

using System.Numerics;
using Veil.Random;

namespace Veil.Privacy.Sampling;

/// <summary>
/// Exact samples of the discrete Gaussian on the integers, P[Z = z] proportional to exp(-z^2 / (2 sigma^2)), for a
/// rational variance sigma^2 (Canonne, Kamath and Steinke 2020, Algorithm 3), drawn with integer arithmetic only.
/// </summary>
/// <remarks>
/// Rejection from the discrete Laplace of integer scale t = floor(sigma) + 1: a proposal Y is accepted with
/// probability exp(-(|Y| - sigma^2/t)^2 / (2 sigma^2)), a Bernoulli of exp(-rational) sampled exactly. The
/// acceptance rate is above 0.56 for every sigma (CKS20, Sec. 5.3).
/// Adding it to an integer query of L2 sensitivity Delta is (Delta^2 / (2 sigma^2))-zCDP, like the continuous
/// Gaussian (CKS20, Theorem 4 and Proposition 5).
/// Thread-safety: not safe for concurrent use (it holds the random source).
/// </remarks>
public sealed class DiscreteGaussianSampler
{
    private readonly IRandomSource _random;
    private readonly DiscreteLaplaceSampler _proposal;
    private readonly BigInteger _n; // sigma^2 = n / m
    private readonly BigInteger _m;
    private readonly BigInteger _t;

    /// <summary>Creates the sampler for variance <paramref name="variance"/> &gt; 0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="PrivacyParameterException"><paramref name="variance"/> is zero.</exception>
    public DiscreteGaussianSampler(Rational variance, IRandomSource random)
    {
        _random = Guard.NotNull(random);
        if (variance.IsZero)
        {
            throw new PrivacyParameterException("discrete Gaussian variance must be positive; got 0.");
        }

        Variance = variance;
        _n = variance.Numerator;
        _m = variance.Denominator;
        _t = IntegerSqrt(variance.Floor()) + 1; // floor(sqrt(x)) = floor(sqrt(floor(x)))
        _proposal = new DiscreteLaplaceSampler(Rational.FromInteger(_t), random);
    }

    /// <summary>The variance parameter sigma^2 (the distribution's variance is slightly below it).</summary>
    public Rational Variance { get; }

    /// <summary>One sample.</summary>
    public BigInteger Sample()
    {
        while (true)
        {
            BigInteger y = _proposal.Sample();
            // gamma = (|y| - sigma^2/t)^2 / (2 sigma^2) = (|y| t m - n)^2 / (2 n m t^2).
            BigInteger difference = (BigInteger.Abs(y) * _t * _m) - _n;
            var gamma = new Rational(difference * difference, 2 * _n * _m * _t * _t);
            if (ExactBernoulli.SampleExpMinus(_random, gamma))
            {
                return y;
            }
        }
    }

    /// <summary>One sample as a long.</summary>
    /// <exception cref="OverflowException">The sample does not fit a long.</exception>
    public long SampleInt64() => (long)Sample();

    /// <summary>floor(sqrt(value)) by Newton's method on integers.</summary>
    internal static BigInteger IntegerSqrt(BigInteger value)
    {
        if (value < 2)
        {
            return value;
        }

        BigInteger x = BigInteger.One << (int)((value.GetBitLength() + 1) / 2);
        while (true)
        {
            BigInteger next = (x + (value / x)) >> 1;
            if (next >= x)
            {
                return x;
            }

            x = next;
        }
    }
}

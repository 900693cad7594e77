using System.Numerics;
using Veil.Random;

namespace Veil.Privacy.Sampling;

/// <summary>
/// Exact samples of the discrete Laplace distribution on the integers, P[Z = z] proportional to exp(-|z| / t), for a
/// rational scale t (Canonne, Kamath and Steinke 2020, Algorithm 2), drawn with integer arithmetic only.
/// </summary>
/// <remarks>
/// With t = s/d in lowest terms: U uniform in [0, s) is kept with probability exp(-U/s), V counts successes of
/// Bernoulli(exp(-1)) before the first failure, so X = U + sV has P[X = x] proportional to exp(-x/s); Y = floor(X/d)
/// is then geometric with ratio exp(-d/s) = exp(-1/t). A random sign, rejecting "negative zero", makes it two-sided.
/// Adding it to an integer query of L1 sensitivity Delta is (Delta/t)-DP, exactly.
/// Thread-safety: not safe for concurrent use (it holds the random source).
/// </remarks>
public sealed class DiscreteLaplaceSampler
{
    private readonly IRandomSource _random;
    private readonly BigInteger _s;
    private readonly BigInteger _d;
    private readonly Rational _one = Rational.FromInteger(BigInteger.One);

    /// <summary>Creates the sampler for scale <paramref name="scale"/> &gt; 0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="PrivacyParameterException"><paramref name="scale"/> is zero.</exception>
    public DiscreteLaplaceSampler(Rational scale, IRandomSource random)
    {
        _random = Guard.NotNull(random);
        if (scale.IsZero)
        {
            throw new PrivacyParameterException("discrete Laplace scale must be positive; got 0.");
        }

        Scale = scale;
        _s = scale.Numerator;
        _d = scale.Denominator;
    }

    /// <summary>The scale t.</summary>
    public Rational Scale { get; }

    /// <summary>One sample.</summary>
    public BigInteger Sample()
    {
        while (true)
        {
            BigInteger u = ExactBernoulli.UniformBelow(_random, _s);
            if (!ExactBernoulli.SampleExpMinus(_random, new Rational(u, _s)))
            {
                continue;
            }

            BigInteger v = BigInteger.Zero;
            while (ExactBernoulli.SampleExpMinus(_random, _one))
            {
                v++;
            }

            BigInteger y = BigInteger.Divide(u + (_s * v), _d);
            bool negative = (_random.NextUInt64() & 1) != 0;
            if (negative && y.IsZero)
            {
                continue;
            }

            return negative ? -y : y;
        }
    }

    /// <summary>One sample as a long.</summary>
    /// <exception cref="OverflowException">The sample does not fit a long (scale beyond 2^55 or so).</exception>
    public long SampleInt64() => (long)Sample();
}

using Veil.Privacy.Sampling;
using Veil.Random;

namespace Veil.Privacy.Tests.Sampling;

public class DiscreteSamplerTests
{
    [Theory]
    [InlineData(0.7)]
    [InlineData(3.3)]
    [InlineData(12.25)]
    public void DiscreteGaussianFollowsItsPmf(double sigma)
    {
        using var random = new AesCtrPrg(Statistics.Seed($"dgauss {sigma}"));
        var sampler = new DiscreteGaussianSampler(Rational.FromDouble(sigma * sigma), random);
        var samples = Enumerable.Range(0, 100_000).Select(_ => sampler.SampleInt64()).ToList();

        double Weight(long y) => Math.Exp(-(y * (double)y) / (2 * sigma * sigma));
        long limit = (long)(40 * sigma) + 2;
        double normaliser = Enumerable.Range((int)-limit, (int)(2 * limit + 1)).Sum(y => Weight(y));
        double Pmf(long y) => Weight(y) / normaliser;
        long range = (long)Math.Ceiling(4 * sigma);
        (double statistic, double critical) = Statistics.IntegerGoodnessOfFit(samples, Pmf, -range, range);
        Assert.True(statistic < critical, $"chi-square {statistic} >= {critical}");

        // The variance of the discrete Gaussian, and the standard error of its estimate: sqrt((m4 - var^2) / n).
        double variance = Enumerable.Range((int)-limit, (int)(2 * limit + 1)).Sum(y => (double)y * y * Pmf(y));
        double fourth = Enumerable.Range((int)-limit, (int)(2 * limit + 1)).Sum(y => Math.Pow(y, 4) * Pmf(y));
        (double mean, double sampleVariance) = Statistics.Moments(samples.Select(s => (double)s));
        Assert.InRange(mean, -Statistics.Sigmas * Math.Sqrt(variance / samples.Count), Statistics.Sigmas * Math.Sqrt(variance / samples.Count));
        double varianceError = Math.Sqrt((fourth - (variance * variance)) / samples.Count);
        Assert.InRange(sampleVariance, variance - (Statistics.Sigmas * varianceError), variance + (Statistics.Sigmas * varianceError));
    }

    [Theory]
    [InlineData(1, 3)]   // t = 1/3: the floor(X / d) path
    [InlineData(5, 2)]   // t = 2.5
    [InlineData(40, 1)]  // t = 40
    public void DiscreteLaplaceFollowsItsPmf(int numerator, int denominator)
    {
        double t = (double)numerator / denominator;
        using var random = new AesCtrPrg(Statistics.Seed($"dlap {numerator}/{denominator}"));
        var sampler = new DiscreteLaplaceSampler(new Rational(numerator, denominator), random);
        var samples = Enumerable.Range(0, 100_000).Select(_ => sampler.SampleInt64()).ToList();

        double p = Math.Exp(-1 / t);
        double Pmf(long z) => (1 - p) / (1 + p) * Math.Pow(p, Math.Abs(z));
        long range = (long)Math.Ceiling(6 * t) + 1;
        (double statistic, double critical) = Statistics.IntegerGoodnessOfFit(samples, Pmf, -range, range);
        Assert.True(statistic < critical, $"chi-square {statistic} >= {critical}");

        double variance = 2 * p / ((1 - p) * (1 - p));
        (double mean, double sampleVariance) = Statistics.Moments(samples.Select(s => (double)s));
        Assert.InRange(mean, -Statistics.Sigmas * Math.Sqrt(variance / samples.Count), Statistics.Sigmas * Math.Sqrt(variance / samples.Count));
        // Fourth moment of the two-sided geometric: E[Z^4] = 2 p (1 + 11 p + 11 p^2 + p^3) / ((1 - p)^4 (1 + p)).
        double fourth = 2 * p * (1 + (11 * p) + (11 * p * p) + (p * p * p)) / (Math.Pow(1 - p, 4) * (1 + p));
        double varianceError = Math.Sqrt((fourth - (variance * variance)) / samples.Count);
        Assert.InRange(sampleVariance, variance - (Statistics.Sigmas * varianceError), variance + (Statistics.Sigmas * varianceError));
    }

    [Theory]
    [InlineData(3, 10)]
    [InlineData(17, 10)]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    public void BernoulliOfExpMinusGammaHasThatProbability(int numerator, int denominator)
    {
        using var random = new AesCtrPrg(Statistics.Seed($"bexp {numerator}/{denominator}"));
        var gamma = new Rational(numerator, denominator);
        const int n = 200_000;
        int successes = 0;
        for (int i = 0; i < n; i++)
        {
            successes += ExactBernoulli.SampleExpMinus(random, gamma) ? 1 : 0;
        }

        double p = Math.Exp(-(double)numerator / denominator);
        double error = Statistics.Sigmas * Math.Sqrt(p * (1 - p) / n);
        Assert.InRange((double)successes / n, p - error, p + error);
    }

    [Fact]
    public void UniformBelowALargeBoundIsInRangeAndCoversIt()
    {
        using var random = new AesCtrPrg(Statistics.Seed("uniform"));
        var bound = System.Numerics.BigInteger.Pow(3, 50); // about 2^79: the multi-word path
        var upperHalf = bound / 2;
        int high = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var value = ExactBernoulli.UniformBelow(random, bound);
            Assert.InRange(value, System.Numerics.BigInteger.Zero, bound - 1);
            high += value >= upperHalf ? 1 : 0;
        }

        Assert.InRange(high, 10_000 - (5 * 71), 10_000 + (5 * 71)); // binomial(20000, 1/2): sd 70.7
    }

    [Fact]
    public void SeededSamplersAreReproducible()
    {
        static long[] Draw(string seed)
        {
            using var random = new AesCtrPrg(Statistics.Seed(seed));
            var sampler = new DiscreteGaussianSampler(Rational.FromDouble(10.5), random);
            return [.. Enumerable.Range(0, 100).Select(_ => sampler.SampleInt64())];
        }

        Assert.Equal(Draw("a"), Draw("a"));
        Assert.NotEqual(Draw("a"), Draw("b"));
    }

    [Fact]
    public void RationalsAreExact()
    {
        Rational tenth = Rational.FromDouble(0.1);
        Assert.Equal(System.Numerics.BigInteger.Parse("3602879701896397"), tenth.Numerator);
        Assert.Equal(System.Numerics.BigInteger.Pow(2, 55), tenth.Denominator);
        Assert.Equal(new Rational(3, 2), Rational.FromDouble(1.5));
        Assert.Equal(new Rational(1, 1), new Rational(2, 3) + new Rational(1, 3));
        Assert.Equal(new Rational(4, 9), new Rational(2, 3) * new Rational(2, 3));
        Assert.Equal(new Rational(1, 2), new Rational(1, 3) / new Rational(2, 3));
        Assert.Equal(2, new Rational(7, 3).Floor());
        Assert.True(new Rational(1, 3) < new Rational(1, 2));
        Assert.Equal(Rational.FromDouble(0), default);
        Assert.Throws<ArgumentOutOfRangeException>(() => Rational.FromDouble(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rational.FromDouble(double.NaN));
    }

    [Fact]
    public void IntegerSquareRootIsTheFloor()
    {
        foreach (long value in new long[] { 0, 1, 2, 3, 4, 15, 16, 17, 999_999, 1_000_000, long.MaxValue })
        {
            var root = DiscreteGaussianSampler.IntegerSqrt(value);
            Assert.True(root * root <= value && (root + 1) * (root + 1) > value, $"isqrt({value}) = {root}");
        }
    }
}

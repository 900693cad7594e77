using Veil.Privacy.Mechanisms;
using Veil.Privacy.Numerics;

namespace Veil.Privacy.Tests.Mechanisms;

public class GaussianNoiseTests
{
    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(false, 0.37)]
    [InlineData(true, 2.5)]
    public void NoiseHasTheStatedStandardDeviationAndShape(bool hardened, double sigma)
    {
        using var noise = GaussianNoise.CreateSeeded(Statistics.Seed($"noise {hardened} {sigma}"), hardened);
        var values = new double[1 << 19];
        noise.Fill(values, sigma);

        int n = values.Length;
        (double mean, double variance) = Statistics.Moments(values);
        Assert.InRange(mean, -Statistics.Sigmas * sigma / Math.Sqrt(n), Statistics.Sigmas * sigma / Math.Sqrt(n));
        double varianceError = Math.Sqrt(2.0 / n) * sigma * sigma;
        Assert.InRange(variance, (sigma * sigma) - (Statistics.Sigmas * varianceError), (sigma * sigma) + (Statistics.Sigmas * varianceError));

        // Goodness of fit: 40 bins of width sigma/5 over [-4 sigma, 4 sigma] plus the two tails.
        var edges = Enumerable.Range(0, 41).Select(i => (-4 + (i * 0.2)) * sigma).ToArray();
        var observed = new long[42];
        foreach (double v in values)
        {
            int bin = v < edges[0] ? 0 : v >= edges[^1] ? 41 : Math.Clamp(1 + (int)((v - edges[0]) / (0.2 * sigma)), 1, 40);
            observed[bin]++;
        }

        var expected = new double[42];
        expected[0] = SpecialFunctions.NormalCdf(-4) * n;
        expected[41] = SpecialFunctions.NormalSf(4) * n;
        for (int i = 0; i < 40; i++)
        {
            expected[i + 1] = SpecialFunctions.NormalIntervalMass(edges[i] / sigma, edges[i + 1] / sigma) * n;
        }

        Assert.True(Statistics.ChiSquare(observed, expected) < Statistics.ChiSquareCritical(41));
    }

    [Fact]
    public void FloatAndAddToAgreeWithTheDoubleStream()
    {
        var seed = Statistics.Seed("noise streams");
        var reference = new double[5000];
        using (var noise = GaussianNoise.CreateSeeded(seed))
        {
            noise.Fill(reference, 1.5);
        }

        var single = new float[5000];
        using (var noise = GaussianNoise.CreateSeeded(seed))
        {
            noise.Fill(single, 1.5);
        }

        var added = Enumerable.Repeat(10f, 5000).ToArray();
        using (var noise = GaussianNoise.CreateSeeded(seed))
        {
            noise.AddTo(added, 1.5);
        }

        for (int i = 0; i < reference.Length; i++)
        {
            Assert.Equal((float)reference[i], single[i]);
            Assert.Equal((float)(10 + reference[i]), added[i]);
        }
    }

    [Fact]
    public void SeedsReproduceAndSecureStreamsDiffer()
    {
        static double[] Draw(GaussianNoise noise)
        {
            var values = new double[100];
            noise.Fill(values, 1);
            noise.Dispose();
            return values;
        }

        Assert.Equal(Draw(GaussianNoise.CreateSeeded(Statistics.Seed("s"))), Draw(GaussianNoise.CreateSeeded(Statistics.Seed("s"))));
        Assert.NotEqual(Draw(GaussianNoise.CreateSecure()), Draw(GaussianNoise.CreateSecure()));
        using var bad = GaussianNoise.CreateSecure();
        Assert.Throws<PrivacyParameterException>(() => bad.Fill(new double[4], -1));
    }
}

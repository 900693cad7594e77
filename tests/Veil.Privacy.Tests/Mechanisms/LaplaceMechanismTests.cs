using Veil.Privacy.Mechanisms;
using Veil.Random;

namespace Veil.Privacy.Tests.Mechanisms;

public class LaplaceMechanismTests
{
    [Theory]
    [InlineData(1.0, 0.5, 1)]
    [InlineData(3.0, 2.0, 1)]
    [InlineData(1.0, 1.0, 8)]
    public void NoiseHasTheStatedScale(double sensitivity, double epsilon, int dimension)
    {
        var parameters = new LaplaceParameters(sensitivity, epsilon, dimension);
        using var random = new AesCtrPrg(Statistics.Seed($"laplace {sensitivity} {epsilon} {dimension}"));
        var mechanism = new LaplaceMechanism(parameters, random);
        var noise = new List<double>();
        var zeros = new double[dimension];
        while (noise.Count < 100_000)
        {
            noise.AddRange(mechanism.ReleaseNew(zeros));
        }

        // The scale is Sensitivity/epsilon up to the rounding allowance (at most 1/1024 of it, plus one grid step).
        double nominal = sensitivity / epsilon;
        Assert.InRange(parameters.Scale, nominal, nominal * (1 + (1.0 / 1024)) * (1 + (1.0 / 1024)) * dimension);
        if (dimension == 1)
        {
            Assert.InRange(parameters.Scale, nominal, nominal * 1.002);
        }

        double sd = parameters.StandardDeviation;
        (double mean, double variance) = Statistics.Moments(noise);
        Assert.InRange(mean, -Statistics.Sigmas * sd / Math.Sqrt(noise.Count), Statistics.Sigmas * sd / Math.Sqrt(noise.Count));
        // Laplace: Var(sample variance) = (m4 - var^2)/n = (24 b^4 - 4 b^4)/n = 5 var^2 / n.
        double varianceError = Math.Sqrt(5.0 / noise.Count) * sd * sd;
        Assert.InRange(variance, (sd * sd) - (Statistics.Sigmas * varianceError), (sd * sd) + (Statistics.Sigmas * varianceError));
        Assert.All(noise, value => Assert.Equal(0, Math.IEEERemainder(value, parameters.Granularity)));
    }

    [Fact]
    public void ReleasesAreGridPointsNearTheInput()
    {
        var parameters = new LaplaceParameters(1.0, 1.0, granularity: 1.0 / 64);
        using var random = new AesCtrPrg(Statistics.Seed("laplace grid"));
        var mechanism = new LaplaceMechanism(parameters, random);
        double[] outputs = [.. Enumerable.Range(0, 20_000).Select(_ => mechanism.Release(1234.5678))];
        Assert.All(outputs, value => Assert.Equal(Math.Round(value * 64), value * 64));
        Assert.Equal(1234.5678, Statistics.Moments(outputs).Mean, 5 * parameters.StandardDeviation / Math.Sqrt(outputs.Length));
        Assert.Equal(64 + 1, parameters.GridSensitivity);
    }

    [Fact]
    public void SeedsMakeReleasesReproducible()
    {
        double[] Run(string seed)
        {
            using var random = new AesCtrPrg(Statistics.Seed(seed));
            var mechanism = new LaplaceMechanism(new LaplaceParameters(1, 1), random);
            return [.. Enumerable.Range(0, 50).Select(i => mechanism.Release(i))];
        }

        Assert.Equal(Run("x"), Run("x"));
        Assert.NotEqual(Run("x"), Run("y"));
    }

    [Fact]
    public void BadParametersAndInputsAreRefused()
    {
        Assert.Throws<PrivacyParameterException>(() => new LaplaceParameters(0, 1));
        Assert.Throws<PrivacyParameterException>(() => new LaplaceParameters(1, -1));
        Assert.Throws<PrivacyParameterException>(() => new LaplaceParameters(1, double.PositiveInfinity));
        Assert.Throws<PrivacyParameterException>(() => new LaplaceParameters(1, 1, dimension: 0));
        Assert.Throws<PrivacyParameterException>(() => new LaplaceParameters(1, 1, granularity: 0.3));
        var mechanism = new LaplaceMechanism(new LaplaceParameters(1, 1), new CryptoRandom());
        Assert.Throws<PrivacyParameterException>(() => mechanism.Release(double.NaN));
        Assert.Throws<PrivacyParameterException>(() => mechanism.Release(1e300));
        var vector = new LaplaceMechanism(new LaplaceParameters(1, 1, dimension: 3), new CryptoRandom());
        Assert.Throws<InvalidOperationException>(() => vector.Release(1.0));
        Assert.Throws<ArgumentException>(() => vector.ReleaseNew(new double[2]));
    }
}

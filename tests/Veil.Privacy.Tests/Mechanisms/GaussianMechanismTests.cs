using Veil.Privacy.Accounting;
using Veil.Privacy.Mechanisms;
using Veil.Random;

namespace Veil.Privacy.Tests.Mechanisms;

public class GaussianMechanismTests
{
    [Theory]
    [InlineData(1.0, 1.0, 1e-5)]
    [InlineData(4.0, 0.5, 1e-6)]
    [InlineData(0.25, 3.0, 1e-3)]
    public void ScalarCalibrationIsTheExactDiscreteOne(double sensitivity, double epsilon, double delta)
    {
        var p = new GaussianParameters(sensitivity, epsilon, delta);
        long gridSensitivity = (long)p.GridSensitivity;
        Assert.True(DiscreteGaussianProfile.Delta(epsilon, p.GridSigma, gridSensitivity) <= delta);
        Assert.True(DiscreteGaussianProfile.Delta(epsilon, p.GridSigma * 0.999, gridSensitivity) > delta);
        // Rounding costs at most about 1/1024 of the noise, and the discrete Gaussian needs the continuous one's sigma.
        Assert.InRange(p.Sigma / p.ContinuousSigma, 0.995, 1.005);
    }

    [Fact]
    public void VectorCalibrationCostsLittleMoreThanTheScalarOne()
    {
        var scalar = new GaussianParameters(1.0, 1.0, 1e-5);
        var vector = new GaussianParameters(1.0, 1.0, 1e-5, dimension: 100);
        Assert.InRange(vector.Sigma / scalar.Sigma, 1.0, 1.3);
    }

    [Theory]
    [InlineData(1.0, 1.0, 1e-5, 1)]
    [InlineData(2.0, 0.3, 1e-6, 10)]
    public void NoiseHasTheStatedStandardDeviation(double sensitivity, double epsilon, double delta, int dimension)
    {
        var parameters = new GaussianParameters(sensitivity, epsilon, delta, dimension);
        using var random = new AesCtrPrg(Statistics.Seed($"gauss {sensitivity} {epsilon} {dimension}"));
        var mechanism = new GaussianMechanism(parameters, random);
        var noise = new List<double>();
        var zeros = new double[dimension];
        while (noise.Count < 60_000)
        {
            noise.AddRange(mechanism.ReleaseNew(zeros));
        }

        double sigma = parameters.Sigma;
        (double mean, double variance) = Statistics.Moments(noise);
        Assert.InRange(mean, -Statistics.Sigmas * sigma / Math.Sqrt(noise.Count), Statistics.Sigmas * sigma / Math.Sqrt(noise.Count));
        // Normal: Var(sample variance) = 2 sigma^4 / n. (The discrete Gaussian's variance differs from sigma^2 by far less.)
        double varianceError = Math.Sqrt(2.0 / noise.Count) * sigma * sigma;
        Assert.InRange(variance, (sigma * sigma) - (Statistics.Sigmas * varianceError), (sigma * sigma) + (Statistics.Sigmas * varianceError));
        Assert.All(noise, value => Assert.Equal(0, Math.IEEERemainder(value, parameters.Granularity)));
    }

    // The closed form of CKS20 Theorem 7 against the definition: delta = sum_z max(0, P(z) - e^eps Q(z)) with
    // P = N_Z(0, sigma^2) and Q = N_Z(Delta, sigma^2), summed directly.
    [Theory]
    [InlineData(1.0, 5.0, 1)]
    [InlineData(0.5, 20.0, 3)]
    [InlineData(2.0, 1.5, 2)]
    public void DiscreteProfileMatchesTheHockeyStickDivergence(double epsilon, double sigma, long sensitivity)
    {
        long limit = (long)(60 * sigma) + 10;
        double Weight(long z) => Math.Exp(-(z * (double)z) / (2 * sigma * sigma));
        double normaliser = 0;
        for (long z = -limit; z <= limit; z++)
        {
            normaliser += Weight(z);
        }

        double direct = 0;
        for (long z = -limit; z <= limit + sensitivity; z++)
        {
            direct += Math.Max(0, (Weight(z) - (Math.Exp(epsilon) * Weight(z - sensitivity))) / normaliser);
        }

        Assert.Equal(direct, DiscreteGaussianProfile.Delta(epsilon, sigma, sensitivity), direct * 1e-9);
        // It is close to the continuous profile, not equal: within 5% at these sigmas.
        Assert.Equal(AnalyticGaussian.Delta(epsilon, sigma, sensitivity), direct, direct * 0.05);
    }

    [Fact]
    public void AnalyticGaussianNeedsLessNoiseThanTheClassicalBound()
    {
        // The classical sigma = sqrt(2 ln(1.25/delta)) / epsilon (Dwork and Roth, Theorem A.1, epsilon < 1) is valid,
        // so the exact (smallest) sigma must be below it and meet delta exactly.
        double exact = AnalyticGaussian.Sigma(0.5, 1e-5);
        Assert.True(exact < Math.Sqrt(2 * Math.Log(1.25 / 1e-5)) / 0.5);
        Assert.Equal(1e-5, AnalyticGaussian.Delta(0.5, exact), 1e-12);
    }

    [Fact]
    public void SeedsMakeReleasesReproducible()
    {
        double[] Run(string seed)
        {
            using var random = new AesCtrPrg(Statistics.Seed(seed));
            var mechanism = new GaussianMechanism(new GaussianParameters(1, 1, 1e-5, dimension: 5), random);
            return mechanism.ReleaseNew([1, 2, 3, 4, 5]);
        }

        Assert.Equal(Run("x"), Run("x"));
        Assert.NotEqual(Run("x"), Run("y"));
    }

    [Fact]
    public void BadParametersAreRefused()
    {
        Assert.Throws<PrivacyParameterException>(() => new GaussianParameters(1, 1, 0));
        Assert.Throws<PrivacyParameterException>(() => new GaussianParameters(1, 1, 1));
        Assert.Throws<PrivacyParameterException>(() => new GaussianParameters(-1, 1, 1e-5));
        Assert.Throws<PrivacyParameterException>(() => new GaussianParameters(1, 0, 1e-5));
        Assert.Throws<PrivacyParameterException>(() => new GaussianParameters(1, 1, 1e-5, granularity: -0.5));
    }
}

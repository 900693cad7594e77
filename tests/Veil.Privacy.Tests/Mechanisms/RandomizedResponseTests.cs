using Veil.Privacy.Mechanisms;
using Veil.Random;

namespace Veil.Privacy.Tests.Mechanisms;

public class RandomizedResponseTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void BinaryResponsesFlipWithProbabilityOneOverOnePlusExpEpsilon(double epsilon)
    {
        using var random = new AesCtrPrg(Statistics.Seed($"rr {epsilon}"));
        var mechanism = new RandomizedResponse(epsilon, 2, random);
        const int n = 200_000;
        int flips = 0;
        for (int i = 0; i < n; i++)
        {
            bool truth = (i & 1) == 0;
            flips += mechanism.Respond(truth) != truth ? 1 : 0;
        }

        double p = 1 / (1 + Math.Exp(epsilon));
        Assert.Equal(p, 1 - mechanism.TruthProbability, 1e-15);
        double error = Statistics.Sigmas * Math.Sqrt(p * (1 - p) / n);
        Assert.InRange((double)flips / n, p - error, p + error);
    }

    [Fact]
    public void KaryResponsesFollowTheirDistributionAndCountsCanBeRecovered()
    {
        using var random = new AesCtrPrg(Statistics.Seed("rr kary"));
        var mechanism = new RandomizedResponse(1.0, 4, random);
        long[] trueCounts = [40_000, 30_000, 20_000, 10_000];
        var reports = new long[4];
        var fromZero = new long[4];
        for (int category = 0; category < 4; category++)
        {
            for (int i = 0; i < trueCounts[category]; i++)
            {
                int report = mechanism.Respond(category);
                reports[report]++;
                fromZero[report] += category == 0 ? 1 : 0;
            }
        }

        // Reports of category 0: truth with e^eps/(e^eps + 3), each other with 1/(e^eps + 3).
        double truth = Math.E / (Math.E + 3), other = 1 / (Math.E + 3);
        double[] expected = [.. Enumerable.Range(0, 4).Select(j => trueCounts[0] * (j == 0 ? truth : other))];
        Assert.True(Statistics.ChiSquare(fromZero, expected) < Statistics.ChiSquareCritical(3));

        // The unbiased estimator's standard error per category is at most sqrt(n / 4) / (truth - other).
        double[] estimates = mechanism.EstimateCounts(reports);
        double standardError = Math.Sqrt(100_000 / 4.0) / (truth - other);
        for (int j = 0; j < 4; j++)
        {
            Assert.InRange(estimates[j], trueCounts[j] - (Statistics.Sigmas * standardError), trueCounts[j] + (Statistics.Sigmas * standardError));
        }
    }

    [Fact]
    public void BadUseIsRefused()
    {
        Assert.Throws<PrivacyParameterException>(() => new RandomizedResponse(0, 2, new CryptoRandom()));
        Assert.Throws<PrivacyParameterException>(() => new RandomizedResponse(1, 1, new CryptoRandom()));
        var mechanism = new RandomizedResponse(1, 3, new CryptoRandom());
        Assert.Throws<ArgumentOutOfRangeException>(() => mechanism.Respond(3));
        Assert.Throws<InvalidOperationException>(() => mechanism.Respond(true));
    }
}

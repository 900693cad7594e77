using Veil.Audit.Dp;
using Veil.Audit.Statistics;
using Veil.Privacy.Accounting;

namespace Veil.Audit.Tests;

public class DpAuditTests
{
    private const double Epsilon = 2;
    private const double Delta = 1e-5;

    // By hand: r guesses all right, delta 0: the bound solves q^r = 0.05 with q = e^eps / (1 + e^eps).
    [Fact]
    public void AllRightGuessesGiveTheHandComputedBound()
    {
        double q = Math.Pow(0.05, 1.0 / 100);
        double expected = Math.Log(q / (1 - q));
        Assert.Equal(expected, OneRunAudit.EpsilonLowerBound(1000, 100, 100, delta: 0), 1e-6);
        Assert.Equal(0.05, OneRunAudit.PValue(1000, 100, 100, expected, 0), 1e-6);
    }

    [Fact]
    public void HalfRightGuessesProveNothingAndDeltaOnlyLowersTheBound()
    {
        Assert.Equal(0, OneRunAudit.EpsilonLowerBound(1000, 200, 100, Delta));
        double withoutDelta = OneRunAudit.EpsilonLowerBound(1000, 200, 180, 0);
        double withDelta = OneRunAudit.EpsilonLowerBound(1000, 200, 180, 1e-3);
        Assert.True(withDelta < withoutDelta && withDelta > 0, $"{withDelta} vs {withoutDelta}");
    }

    [Fact]
    public void GuessRanksTheScores()
    {
        double[] scores = [5, 1, 4, 2, 3];
        bool[] included = [true, false, false, true, true];
        // "in" for the top 2 (5: right, 4: wrong), "out" for the bottom 1 (1: right).
        Assert.Equal((3, 2), OneRunAudit.Guess(scores, included, 2, 1));
    }

    [Fact]
    public void ClopperPearsonMatchesTheClosedFormAtZeroSuccesses()
    {
        // P[Bin(n, p) <= 0] = (1 - p)^n = alpha  =>  p = 1 - alpha^(1/n).
        Assert.Equal(1 - Math.Pow(0.025, 1.0 / 500), Binomial.ClopperPearsonUpper(0, 500, 0.025), 1e-9);
        Assert.Equal(1, Binomial.ClopperPearsonUpper(10, 10, 0.025));
    }

    // One run of the Gaussian mechanism on m canaries: each included one adds 1 to its own coordinate, so each
    // individual's canary has sensitivity 1 and the release is (2, 1e-5)-DP at the analytic-Gaussian sigma.
    [Fact]
    public void OneRunAuditOfAGaussianMechanismIsBelowItsEpsilonAndNotFarOff()
    {
        double sigma = AnalyticGaussian.Sigma(Epsilon, Delta);
        var random = new Synthetic(31);
        int m = 100_000;
        double[] scores = new double[m];
        bool[] included = new bool[m];
        for (int i = 0; i < m; i++)
        {
            included[i] = random.Coin();
            scores[i] = (included[i] ? 1 : 0) + random.Gaussian(0, sigma);
        }

        (int r, int v) = OneRunAudit.Guess(scores, included, 500, 500);
        double bound = OneRunAudit.EpsilonLowerBound(m, r, v, Delta);
        Assert.InRange(bound, 0.4 * Epsilon, Epsilon);
    }

    [Fact]
    public void MultiRunAuditOfAGaussianMechanismIsBelowItsEpsilonAndNotFarOff()
    {
        double sigma = AnalyticGaussian.Sigma(Epsilon, Delta);
        var random = new Synthetic(32);
        int runs = 20_000;
        double[] with = [.. Enumerable.Range(0, runs).Select(_ => 1 + random.Gaussian(0, sigma))];
        double[] without = [.. Enumerable.Range(0, runs).Select(_ => random.Gaussian(0, sigma))];
        (double bound, _) = MultiRunAudit.EpsilonLowerBound(with, without, Delta);
        Assert.InRange(bound, 0.4 * Epsilon, Epsilon);
    }

    [Fact]
    public void MultiRunAuditOfIdenticalDistributionsFindsNoLeak()
    {
        var random = new Synthetic(33);
        double[] a = [.. Enumerable.Range(0, 4000).Select(_ => random.Gaussian())];
        double[] b = [.. Enumerable.Range(0, 4000).Select(_ => random.Gaussian())];
        Assert.InRange(MultiRunAudit.EpsilonLowerBound(a, b, Delta).Epsilon, 0, 0.15);
    }
}

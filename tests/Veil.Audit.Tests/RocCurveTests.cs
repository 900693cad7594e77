using Veil.Audit.Metrics;

namespace Veil.Audit.Tests;

public class RocCurveTests
{
    // Members 0.9 0.8 0.5 0.3, non-members 0.7 0.5 0.2 0.1 (one tie at 0.5). By hand, thresholds from the top give
    // (FPR, TPR) = (0,0) (0,.25) (0,.5) (.25,.5) (.5,.75) [the tie moves diagonally] (.5,1) (.75,1) (1,1);
    // AUC = 12.5 / 16 = 0.78125 (Mann-Whitney with the tie counted half).
    private static readonly double[] Scores = [0.9, 0.8, 0.5, 0.3, 0.7, 0.5, 0.2, 0.1];
    private static readonly bool[] Members = [true, true, true, true, false, false, false, false];

    [Fact]
    public void PointsMatchTheHandComputedCurve()
    {
        RocCurve curve = RocCurve.Compute(Scores, Members);
        RocPoint[] expected =
        [
            new(0, 0), new(0, 0.25), new(0, 0.5), new(0.25, 0.5), new(0.5, 0.75), new(0.5, 1), new(0.75, 1), new(1, 1),
        ];
        Assert.Equal(expected, curve.Points);
        Assert.Equal(4, curve.Members);
        Assert.Equal(4, curve.NonMembers);
    }

    [Fact]
    public void AucCountsTiesHalf()
    {
        Assert.Equal(0.78125, RocCurve.Compute(Scores, Members).Auc, 12);
    }

    [Fact]
    public void TprAtFprTakesTheBestThresholdWithinTheBudget()
    {
        RocCurve curve = RocCurve.Compute(Scores, Members);
        Assert.Equal(0.5, curve.TprAtFpr(0));
        Assert.Equal(0.5, curve.TprAtFpr(0.3));
        Assert.Equal(1.0, curve.TprAtFpr(0.5));
    }

    [Fact]
    public void PerfectAndReversedScoresGiveOneAndZero()
    {
        bool[] members = [true, true, false, false];
        Assert.Equal(1.0, RocCurve.Compute([4.0, 3, 2, 1], members).Auc);
        Assert.Equal(0.0, RocCurve.Compute([1.0, 2, 3, 4], members).Auc);
        Assert.Equal(0.5, RocCurve.Compute([1.0, 1, 1, 1], members).Auc);
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => RocCurve.Compute([1.0, 2], [true, true]));
        Assert.Throws<ArgumentException>(() => RocCurve.Compute([1.0], [true, false]));
        Assert.Throws<ArgumentException>(() => RocCurve.Compute([double.NaN, 1], [true, false]));
    }

    [Fact]
    public void DownsampleKeepsEndsAndStaysMonotone()
    {
        var random = new Synthetic(3);
        int n = 5000;
        double[] scores = new double[2 * n];
        bool[] members = new bool[2 * n];
        for (int i = 0; i < 2 * n; i++)
        {
            members[i] = i < n;
            scores[i] = random.Gaussian(members[i] ? 1 : 0);
        }

        RocCurve curve = RocCurve.Compute(scores, members);
        IReadOnlyList<RocPoint> plot = curve.Downsample(100);
        Assert.InRange(plot.Count, 10, 100);
        Assert.Equal(new RocPoint(0, 0), plot[0]);
        Assert.Equal(new RocPoint(1, 1), plot[^1]);
        for (int i = 1; i < plot.Count; i++)
        {
            Assert.True(plot[i].Fpr >= plot[i - 1].Fpr && plot[i].Tpr >= plot[i - 1].Tpr);
        }
    }

    [Fact]
    public void MetricsCarryCountsAndBootstrapIntervalsAroundTheEstimate()
    {
        var random = new Synthetic(5);
        int n = 2000;
        double[] scores = new double[2 * n];
        bool[] members = new bool[2 * n];
        for (int i = 0; i < 2 * n; i++)
        {
            members[i] = i % 2 == 0;
            scores[i] = random.Gaussian(members[i] ? 1 : 0);
        }

        AttackMetrics metrics = AttackMetrics.Evaluate("test", scores, members, bootstrap: 100, seed: 7);
        Assert.Equal(2 * n, metrics.Targets);
        Assert.Equal(n, metrics.Members);
        Assert.Equal(Synthetic.GaussianAuc(1), metrics.Auc, 0.02);
        Assert.InRange(metrics.Auc, metrics.AucInterval.Lower, metrics.AucInterval.Upper);
        Assert.InRange(metrics.AucInterval.Upper - metrics.AucInterval.Lower, 0.005, 0.06);
        Assert.InRange(metrics.TprAt1PercentFpr, metrics.TprAt1PercentFprInterval.Lower, metrics.TprAt1PercentFprInterval.Upper);
        Assert.Equal(metrics, AttackMetrics.Evaluate("test", scores, members, bootstrap: 100, seed: 7) with { Roc = metrics.Roc });
    }
}

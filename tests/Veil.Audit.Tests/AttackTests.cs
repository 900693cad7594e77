using Veil.Audit.Attacks;
using Veil.Audit.Metrics;

namespace Veil.Audit.Tests;

public class AttackTests
{
    private const int Points = 4000;
    private const int Shadows = 16;
    private const double Gap = 1.5;       // IN - OUT mean of phi, in noise standard deviations
    private const double Spread = 3;      // spread of the per-point OUT means: what LOSS cannot see past

    [Fact]
    public void LossAttackOnGaussianLossesHasTheGaussianAuc()
    {
        var random = new Synthetic(11);
        double[] losses = new double[Points];
        bool[] members = new bool[Points];
        for (int i = 0; i < Points; i++)
        {
            members[i] = i % 2 == 0;
            losses[i] = random.Gaussian(members[i] ? 1 : 2);
        }

        double auc = RocCurve.Compute(LossAttack.ScoreNew(losses), members).Auc;
        Assert.Equal(Synthetic.GaussianAuc(1), auc, 0.02);
    }

    // Each point i has phi ~ N(mu_i, 1) OUT and N(mu_i + Gap, 1) IN, mu_i ~ N(0, Spread²). The per-point likelihood
    // ratio is the optimal test, with AUC Phi(Gap / sqrt 2) = 0.856; a global threshold on phi only reaches
    // Phi(Gap / sqrt(2 (1 + Spread²))) = 0.68.
    [Fact]
    public void LiraOnlineReachesTheOptimalAucOnPerPointGaussians()
    {
        (double[] target, ReferenceScores shadows, bool[] members) = PerPointGaussians(seed: 21);
        double online = RocCurve.Compute(Lira.Online(target, shadows), members).Auc;
        double global = RocCurve.Compute(Lira.Online(target, shadows, new LiraOptions { GlobalVariance = true }), members).Auc;
        double threshold = RocCurve.Compute(target, members).Auc;
        Assert.Equal(Synthetic.GaussianAuc(Gap), global, 0.025);
        Assert.Equal(Synthetic.GaussianAuc(Gap), online, 0.04);
        Assert.Equal(Synthetic.GaussianAuc(Gap / Math.Sqrt(1 + (Spread * Spread))), threshold, 0.03);
    }

    [Fact]
    public void LiraOfflineReachesTheOptimalAucFromOutShadowsAlone()
    {
        (double[] target, ReferenceScores shadows, bool[] members) = PerPointGaussians(seed: 22);
        double offline = RocCurve.Compute(Lira.Offline(target, shadows, new LiraOptions { GlobalVariance = true }), members).Auc;
        Assert.Equal(Synthetic.GaussianAuc(Gap), offline, 0.03);

        // IN shadows do not matter offline: corrupting them leaves the scores unchanged.
        double[][] corrupted = [.. shadows.Values.Select((row, k) => row.Select((v, i) => shadows.IsIn[k][i] ? v + 100 : v).ToArray())];
        Assert.Equal(
            Lira.Offline(target, shadows, new LiraOptions { GlobalVariance = true }),
            Lira.Offline(target, new ReferenceScores(corrupted, shadows.IsIn), new LiraOptions { GlobalVariance = true }));
    }

    [Fact]
    public void LiraWithoutSignalIsAGuess()
    {
        (double[] target, ReferenceScores shadows, bool[] members) = PerPointGaussians(seed: 23, gap: 0);
        Assert.Equal(0.5, RocCurve.Compute(Lira.Online(target, shadows), members).Auc, 0.03);
    }

    [Fact]
    public void LogitConfidenceIsLogOddsOfTheSoftmax()
    {
        float[] logits = [1, 2, 0.5f];
        double p = Math.Exp(2) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(0.5));
        Assert.Equal(Math.Log(p / (1 - p)), Lira.LogitConfidence(logits, 1), 12);
    }

    // RMIA on probabilities p = sigmoid(phi) of the same per-point Gaussians: dividing by each point's reference
    // average removes the per-point difficulty, so it beats a global threshold on p by far.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RmiaSeesPastPerPointDifficulty(bool offline)
    {
        (double[] target, ReferenceScores shadows, bool[] members) = PerPointGaussians(seed: 24, spread: 1.5);
        double[] p = [.. target.Select(Sigmoid)];
        var references = new ReferenceScores([.. shadows.Values.Select(row => row.Select(Sigmoid).ToArray())], shadows.IsIn);
        (double[] zTarget, double[][] zReferences) = Population(seed: 25, spread: 1.5);
        double rmia = RocCurve.Compute(Rmia.Score(p, references, zTarget, zReferences, new RmiaOptions { Offline = offline }), members).Auc;
        double threshold = RocCurve.Compute(p, members).Auc;
        Assert.True(rmia > threshold + 0.05, $"RMIA {rmia:F3}, threshold {threshold:F3}");
        Assert.InRange(rmia, 0.75, Synthetic.GaussianAuc(Gap) + 0.02);
    }

    // With the same reference average for every point, RMIA's score is a monotone function of p (the empirical CDF of
    // the population's p), so its AUC is the threshold attack's up to the ties the finite population makes.
    [Fact]
    public void RmiaWithFlatReferencesIsTheThresholdAttack()
    {
        var random = new Synthetic(26);
        double[] p = new double[Points];
        bool[] members = new bool[Points];
        for (int i = 0; i < Points; i++)
        {
            members[i] = i % 2 == 0;
            p[i] = Sigmoid(random.Gaussian(members[i] ? 1 : 0));
        }

        double[] flat = [.. Enumerable.Repeat(0.5, Points)];
        var references = new ReferenceScores([flat], [new bool[Points]]);
        double[] z = [.. Enumerable.Range(0, 20_000).Select(_ => Sigmoid(random.Gaussian()))];
        double rmia = RocCurve.Compute(Rmia.Score(p, references, z, [[.. Enumerable.Repeat(0.5, z.Length)]]), members).Auc;
        Assert.Equal(RocCurve.Compute(p, members).Auc, rmia, 0.005);
        Assert.Equal(Synthetic.GaussianAuc(1), rmia, 0.025);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static (double[] Target, ReferenceScores Shadows, bool[] Members) PerPointGaussians(int seed, double gap = Gap, double spread = Spread)
    {
        var random = new Synthetic(seed);
        double[] mu = new double[Points], target = new double[Points];
        bool[] members = new bool[Points];
        for (int i = 0; i < Points; i++)
        {
            mu[i] = random.Gaussian(0, spread);
            members[i] = random.Coin();
            target[i] = random.Gaussian(mu[i] + (members[i] ? gap : 0));
        }

        var values = new double[Shadows][];
        var isIn = new bool[Shadows][];
        for (int k = 0; k < Shadows; k++)
        {
            values[k] = new double[Points];
            isIn[k] = new bool[Points];
            for (int i = 0; i < Points; i++)
            {
                isIn[k][i] = random.Coin();
                values[k][i] = random.Gaussian(mu[i] + (isIn[k][i] ? gap : 0));
            }
        }

        return (target, new ReferenceScores(values, isIn), members);
    }

    private static (double[] Target, double[][] References) Population(int seed, double spread)
    {
        var random = new Synthetic(seed);
        int n = 4000;
        double[] mu = [.. Enumerable.Range(0, n).Select(_ => random.Gaussian(0, spread))];
        double[] target = [.. mu.Select(m => Sigmoid(random.Gaussian(m)))];
        double[][] references = [.. Enumerable.Range(0, Shadows).Select(_ => mu.Select(m => Sigmoid(random.Gaussian(m))).ToArray())];
        return (target, references);
    }
}

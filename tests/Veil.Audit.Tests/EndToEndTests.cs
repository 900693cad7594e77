using Veil.Audit.Attacks;
using Veil.Audit.Dp;
using Veil.Audit.Metrics;
using Veil.Audit.Shadows;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Nn.Zoo;
using Veil.Privacy.DpSgd;

namespace Veil.Audit.Tests;

public class EndToEndTests
{
    private static readonly MnistDataset Test = MnistDataset.LoadEmbedded(MnistSplit.Test);

    // Five tiny MLPs on halves of 200 test images, 40 epochs each: overfitted, so LOSS separates members well.
    // Model 0 is the target, the other four its shadows.
    [Fact]
    public void TinyOverfittedModelLeaksThroughEveryAttack()
    {
        MnistDataset pool = Test.Subset([.. Enumerable.Range(0, 200)]);
        MnistDataset population = Test.Subset([.. Enumerable.Range(5000, 200)]);
        var trainer = new ShadowTrainer(ModelZoo.Mlp, TrainingOptions.Adam(epochs: 40, learningRate: 2e-3, decay: 1) with { BatchSize = 32 }, seed: 3);
        var reports = new List<ShadowProgress>();
        ShadowSet all = trainer.Train(pool, population, models: 5, new Collect(reports));
        Assert.Equal(5, all.Models);
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(2, all.IsIn.Count(row => row[i])));
        Assert.Contains(reports, r => r.Model == 5 && r.Fraction == 1);

        ShadowSet shadows = all.Without(0);
        IReadOnlyList<AttackMetrics> results = MembershipAudit.Run(
            all.Pool[0], all.Population[0], all.IsIn[0], shadows,
            [AttackKind.Loss, AttackKind.LiraOnline, AttackKind.LiraOffline, AttackKind.Rmia, AttackKind.RmiaOffline],
            new LiraOptions { GlobalVariance = true }, bootstrap: 50);
        Assert.Equal(["loss", "lira-online", "lira-offline", "rmia", "rmia-offline"], results.Select(r => r.Attack));
        Assert.All(results, r => Assert.Equal(200, r.Targets));
        Assert.True(results[0].Auc > 0.7, $"LOSS AUC {results[0].Auc:F3}");
        Assert.All(results, r => Assert.True(r.Auc > 0.6, $"{r.Attack} AUC {r.Auc:F3}"));
    }

    // DP-SGD on 300 images plus up to 100 mislabelled canaries, one epoch: whatever the attack finds, the bound must
    // stay below the accountant's epsilon.
    [Fact]
    public void CanaryAuditOfDpSgdStaysBelowTheAccountantsEpsilon()
    {
        using var randomness = DpSgdRandomness.CreateSeeded(5);
        CanaryAuditResult result = CanaryAudit.Run(
            ModelZoo.Mlp, Test, baseExamples: 300, canaries: 100, guesses: 20,
            TrainingOptions.Adam(epochs: 2, learningRate: 1e-2, decay: 1) with { BatchSize = 50 },
            new DpSgdOptions { TargetEpsilon = 4, Delta = 1e-5 }, seed: 9, randomness);
        Assert.Equal(100, result.Canaries);
        Assert.Equal(20, result.Guesses);
        Assert.InRange(result.Included, 30, 70);
        Assert.Equal(300 + result.Included, result.TrainingExamples);
        Assert.InRange(result.AccountantEpsilon, 3.5, 4.0);
        Assert.InRange(result.EmpiricalEpsilon, 0, result.AccountantEpsilon);
    }

    private sealed class Collect(List<ShadowProgress> reports) : IProgress<ShadowProgress>
    {
        public void Report(ShadowProgress value) => reports.Add(value);
    }
}

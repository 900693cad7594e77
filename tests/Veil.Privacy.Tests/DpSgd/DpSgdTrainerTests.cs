using Veil.Nn;
using Veil.Privacy.Accounting;
using Veil.Privacy.DpSgd;
using Veil.Privacy.Numerics;

namespace Veil.Privacy.Tests.DpSgd;

public class DpSgdTrainerTests
{
    /// <summary>Inside a real training step, the noise on the summed clipped gradient has standard deviation sigma C:
    /// on a step whose Poisson batch came out empty, the private gradient times qN is the noise alone. Checked on
    /// the 118,282 coordinates of mlp (mean, variance within 5 standard errors, and a chi-square test of its shape).</summary>
    [Fact]
    public void TheNoiseOnTheSumHasStandardDeviationSigmaTimesC()
    {
        Sequential model = DpSgdFixture.Create("mlp");
        var privacy = new DpSgdOptions { NoiseMultiplier = 1.3, ClippingNorm = 0.7, Delta = 1e-4 };
        using DpSgdTrainer trainer = DpSgdFixture.Seeded(model, DpSgdFixture.Small(limit: 2000, batch: 1, epochs: 3), privacy, seed: 7);
        DpSgdPlan plan = trainer.Plan;
        Assert.Equal(1.3 * 0.7, plan.NoiseStandardDeviation, 12);
        int steps = 0;
        while (trainer.Step().Examples != 0)
        {
            Assert.True(++steps < 100, "no empty batch in 100 steps at q = 1/2000");
        }

        double scale = plan.SampleRate * plan.DatasetSize;
        double[] noise = [.. model.Parameters.SelectMany(p => p.Gradient.Span.ToArray()).Select(g => g * scale)];
        double sd = plan.NoiseStandardDeviation;
        int n = noise.Length;
        (double mean, double variance) = Statistics.Moments(noise);
        Assert.InRange(mean, -Statistics.Sigmas * sd / Math.Sqrt(n), Statistics.Sigmas * sd / Math.Sqrt(n));
        double varianceError = Math.Sqrt(2.0 / n) * sd * sd;
        Assert.InRange(variance, (sd * sd) - (Statistics.Sigmas * varianceError), (sd * sd) + (Statistics.Sigmas * varianceError));

        var edges = Enumerable.Range(0, 31).Select(i => -3 + (i * 0.2)).ToArray();
        var observed = new long[32];
        foreach (double v in noise)
        {
            double z = v / sd;
            observed[z < -3 ? 0 : z >= 3 ? 31 : Math.Clamp(1 + (int)((z + 3) / 0.2), 1, 30)]++;
        }

        var expected = new double[32];
        expected[0] = SpecialFunctions.NormalCdf(-3) * n;
        expected[31] = SpecialFunctions.NormalSf(3) * n;
        for (int i = 0; i < 30; i++)
        {
            expected[i + 1] = SpecialFunctions.NormalIntervalMass(edges[i], edges[i + 1]) * n;
        }

        Assert.True(Statistics.ChiSquare(observed, expected) < Statistics.ChiSquareCritical(31));
    }

    /// <summary>The noise lanes draw independent streams: the two halves of the coordinates are uncorrelated, and
    /// a seeded source replays the same noise.</summary>
    [Fact]
    public void NoiseLanesAreIndependentAndSeedsReplayThem()
    {
        float[][] Noise(int seed)
        {
            Sequential model = DpSgdFixture.Create("mlp");
            var gradient = new PrivateGradient(model, new Veil.Privacy.Clipping.FlatClipping(1));
            using var randomness = DpSgdRandomness.CreateSeeded(seed);
            gradient.Clear();
            gradient.AddNoise(randomness.Noise, 1);
            return [.. Enumerable.Range(0, model.Parameters.Count).Select(j => gradient.Sum(j).ToArray())];
        }

        float[] all = [.. Noise(1).SelectMany(x => x)];
        Assert.Equal(all, Noise(1).SelectMany(x => x));
        Assert.NotEqual(all, Noise(2).SelectMany(x => x));
        int half = all.Length / 2;
        double correlation = 0;
        for (int k = 0; k < half; k++)
        {
            correlation += all[k] * all[half + k];
        }

        Assert.InRange(correlation / half, -Statistics.Sigmas / Math.Sqrt(half), Statistics.Sigmas / Math.Sqrt(half));
    }

    /// <summary>The epsilon reported after each epoch is the RDP accountant's for the steps taken so far, and the
    /// whole run meets its target.</summary>
    [Fact]
    public void EpsilonPerEpochIsTheAccountantsForTheStepsTaken()
    {
        Sequential model = DpSgdFixture.Create("mlp");
        var privacy = new DpSgdOptions { TargetEpsilon = 2, Delta = 1e-4 };
        using DpSgdTrainer trainer = DpSgdFixture.Seeded(model, DpSgdFixture.Small(limit: 1500, batch: 100, epochs: 3), privacy, seed: 3);
        DpSgdPlan plan = trainer.Plan;
        Assert.Equal(100.0 / 1500, plan.SampleRate);
        Assert.Equal(15, plan.StepsPerEpoch);
        Assert.Equal(45, plan.Steps);
        Assert.InRange(plan.PlannedEpsilon, 2 - 1e-3, 2);

        DpSgdResult result = trainer.Train();
        Assert.Equal(3, result.Epochs.Count);
        for (int e = 0; e < 3; e++)
        {
            var reference = new RdpAccountant();
            reference.Compose(plan.NoiseMultiplier, plan.SampleRate, 15 * (e + 1));
            Assert.Equal(15L * (e + 1), result.Epochs[e].Steps);
            Assert.Equal(reference.GetEpsilon(1e-4), result.Epochs[e].Epsilon, 12);
        }

        Assert.Equal(plan.PlannedEpsilon, result.Rdp.Epsilon, 12);
        Assert.True(result.Rdp.Epsilon <= 2);
        Assert.NotNull(result.Prv);
        Assert.True(result.Prv.Epsilon < result.Rdp.Epsilon, "PRV is the tighter accountant");
        Assert.Throws<InvalidOperationException>(() => trainer.TrainEpoch());
    }

    /// <summary>With the PRV accountant the plan certifies the target with less noise than RDP needs, every epoch's
    /// epsilon is PRV's for the steps taken, and the recorded guarantee is PRV's (at most the target), with RDP's
    /// (above it) kept beside it.</summary>
    [Fact]
    public void ThePrvAccountantMeetsTheTargetWithLessNoise()
    {
        var rdpOptions = new DpSgdOptions { TargetEpsilon = 2, Delta = 1e-4 };
        var prvOptions = rdpOptions with { Accountant = AccountantKind.Prv };
        DpSgdPlan rdpPlan = DpSgdPlan.Create(1500, 100, 3, rdpOptions);
        Sequential model = DpSgdFixture.Create("mlp");
        using DpSgdTrainer trainer = DpSgdFixture.Seeded(model, DpSgdFixture.Small(limit: 1500, batch: 100, epochs: 3), prvOptions, seed: 3);
        DpSgdPlan plan = trainer.Plan;
        Assert.Equal(AccountantKind.Prv, plan.Accountant);
        Assert.True(plan.NoiseMultiplier < rdpPlan.NoiseMultiplier, $"PRV sigma {plan.NoiseMultiplier} vs RDP {rdpPlan.NoiseMultiplier}");
        Assert.InRange(plan.PlannedEpsilon, 2 - 1e-3, 2);

        DpSgdResult result = trainer.Train();
        for (int e = 0; e < 3; e++)
        {
            var reference = new PrvAccountant();
            reference.Compose(plan.NoiseMultiplier, plan.SampleRate, 15 * (e + 1));
            Assert.Equal(reference.GetEpsilon(1e-4), result.Epochs[e].Epsilon, 9);
        }

        Assert.Equal(AccountantKind.Prv, result.EpsilonAccountant);
        Assert.NotNull(result.Prv);
        Assert.Equal(result.Prv.Epsilon, result.Epsilon);
        Assert.True(result.Epsilon <= 2);
        Assert.True(result.Rdp.Epsilon > 2, "the same noise is worth more than the target by RDP");

        DpModelProperties.Write(model.Properties, result, prvOptions);
        Assert.Equal("prv", model.Properties[DpModelProperties.AccountantKey]);
        Assert.True(DpModelProperties.TryReadGuarantee(model.Properties, out double epsilon, out _));
        Assert.Equal(result.Prv.Epsilon, epsilon);
        Assert.Equal(result.Rdp.Epsilon, double.Parse(model.Properties[DpModelProperties.RdpEpsilonKey], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>PrvSpent is composed once per accountant history: asked twice it answers alike, and a step composed
    /// into the RDP accountant from outside the trainer is not missed.</summary>
    [Fact]
    public void PrvSpentFollowsTheAccountantsHistory()
    {
        var privacy = new DpSgdOptions { NoiseMultiplier = 1.5, Delta = 1e-4 };
        using DpSgdTrainer trainer = DpSgdFixture.Seeded(DpSgdFixture.Create("mlp"), DpSgdFixture.Small(limit: 500, batch: 50, epochs: 1), privacy, seed: 2);
        trainer.Step();
        PrvGuarantee? first = trainer.PrvSpent();
        Assert.NotNull(first);
        Assert.Same(first, trainer.PrvSpent());

        trainer.Accountant.Compose(1.5, trainer.Plan.SampleRate, 100);
        var reference = new PrvAccountant();
        reference.Compose(1.5, trainer.Plan.SampleRate, 101);
        Assert.Equal(reference.GetEpsilon(1e-4), trainer.PrvSpent()!.Epsilon, 9);
    }

    [Fact]
    public void SeededRunsReproduceAndSecureRunsDiffer()
    {
        float[][] Run(int? seed)
        {
            Sequential model = DpSgdFixture.Create("securenn-d");
            var privacy = new DpSgdOptions { NoiseMultiplier = 1, Delta = 1e-4, AverageDecay = 0.9 };
            var training = DpSgdFixture.Small(limit: 600, batch: 64, epochs: 1);
            using var trainer = seed is int s
                ? DpSgdFixture.Seeded(model, training, privacy, s)
                : new DpSgdTrainer(model, DpSgdFixture.Train, training, privacy);
            trainer.Train();
            return DpSgdFixture.Weights(model);
        }

        float[][] first = Run(5);
        Assert.Equal(first, Run(5));
        Assert.NotEqual(first, Run(6));
        Assert.NotEqual(Run(null), Run(null));
    }

    /// <summary>DP-SGD on 4,000 images at epsilon 4 learns: well above the 10% of chance on held-out test images.</summary>
    [Fact]
    public void TrainingOnASmallSubsetLearns()
    {
        Sequential model = DpSgdFixture.Create("mlp");
        var privacy = new DpSgdOptions { TargetEpsilon = 4, Delta = 1e-4, ClippingNorm = 1, AverageDecay = 0.9 };
        using DpSgdTrainer trainer = DpSgdFixture.Seeded(model, DpSgdFixture.Small(limit: 4000, batch: 200, epochs: 4, learningRate: 0.5), privacy, seed: 11);
        DpSgdResult result = trainer.Train();
        Assert.True(result.Rdp.Epsilon <= 4);
        double accuracy = DpSgdFixture.TestAccuracy(model, 1000);
        Assert.True(accuracy > 0.7, $"test accuracy {accuracy}");
    }

    /// <summary>A frozen layer keeps its initial weights: no gradient, no noise, no update; the others train.</summary>
    [Fact]
    public void FrozenLayersKeepTheirWeights()
    {
        Sequential model = DpSgdFixture.Create("mlp");
        float[][] before = DpSgdFixture.Weights(model);
        var privacy = new DpSgdOptions { NoiseMultiplier = 1, Delta = 1e-4, FrozenLayers = [3] };
        using DpSgdTrainer trainer = DpSgdFixture.Seeded(model, DpSgdFixture.Small(limit: 500, batch: 50, epochs: 1), privacy, seed: 2);
        Assert.Equal(2, trainer.Gradient.Groups);
        Assert.Equal(4, trainer.Gradient.TrainedParameters.Count);
        trainer.Train();
        float[][] after = DpSgdFixture.Weights(model);
        for (int j = 0; j < model.Parameters.Count; j++)
        {
            bool frozen = model.LayerOf(j) == 3;
            Assert.Equal(frozen ? -1 : j < 2 ? 0 : 1, trainer.Gradient.GroupOf(j));
            Assert.Equal(frozen, before[j].SequenceEqual(after[j]));
            Assert.Equal(frozen, trainer.Gradient.Sum(j).IsEmpty);
        }

        Assert.Throws<PrivacyParameterException>(() => PrivateGradient.TrainedLayers(model, [2]));
        Assert.Throws<PrivacyParameterException>(() => PrivateGradient.TrainedLayers(model, [1, 3, 5]));
    }

    [Theory]
    [InlineData(0.0, null, 1e-5, 1.0, 100, 1000)]   // epsilon 0
    [InlineData(null, null, 1e-5, 1.0, 100, 1000)]  // neither epsilon nor sigma
    [InlineData(3.0, 1.0, 1e-5, 1.0, 100, 1000)]    // both
    [InlineData(3.0, null, 1e-3, 1.0, 100, 1000)]   // delta not below 1/N
    [InlineData(3.0, null, 1e-5, -1.0, 100, 1000)]  // clip
    [InlineData(3.0, null, 1e-5, 1.0, 2000, 1000)]  // batch above N
    [InlineData(1e-9, null, 1e-5, 1.0, 100, 1000)]  // unreachable epsilon
    public void BadSettingsAreRefused(double? epsilon, double? sigma, double delta, double clip, int batch, int limit)
    {
        var privacy = new DpSgdOptions { TargetEpsilon = epsilon, NoiseMultiplier = sigma, Delta = delta, ClippingNorm = clip };
        Assert.Throws<PrivacyParameterException>(() =>
            new DpSgdTrainer(DpSgdFixture.Create("mlp"), DpSgdFixture.Train, DpSgdFixture.Small(limit, batch, 1), privacy));
    }

    [Fact]
    public void ThePrivacyRecordRoundTripsThroughModelProperties()
    {
        Sequential model = DpSgdFixture.Create("mlp");
        Assert.False(DpModelProperties.TryReadGuarantee(model.Properties, out _, out _));
        var privacy = new DpSgdOptions { TargetEpsilon = 5, Delta = 1e-4 };
        using DpSgdTrainer trainer = DpSgdFixture.Seeded(model, DpSgdFixture.Small(limit: 500, batch: 50, epochs: 1), privacy, seed: 1);
        DpSgdResult result = trainer.Train();
        DpModelProperties.Write(model.Properties, result, privacy);
        Assert.True(DpModelProperties.TryReadGuarantee(model.Properties, out double epsilon, out double delta));
        Assert.Equal(result.Rdp.Epsilon, epsilon);
        Assert.Equal(1e-4, delta);
        Assert.Equal("10", model.Properties[DpModelProperties.StepsKey]);
        model.Properties[DpModelProperties.DeltaKey] = "lots";
        Assert.Throws<VeilFormatException>(() => DpModelProperties.TryReadGuarantee(model.Properties, out _, out _));
    }

    [Fact]
    public void ADpModelStandsBesideItsArchitecturesPlainTwin()
    {
        Sequential plain = Veil.Nn.Zoo.ModelZoo.Create("lenet-dp", seed: 1);
        Assert.Null(DpModelProperties.TwinOf(plain)); // not trained privately

        plain.Properties[DpModelProperties.EpsilonKey] = "3";
        Assert.Equal("lenet", DpModelProperties.TwinOf(plain)); // from the zoo entry
        plain.Properties[DpModelProperties.TwinKey] = "mlp";
        Assert.Equal("mlp", DpModelProperties.TwinOf(plain)); // the file's own record wins

        Sequential mlp = DpSgdFixture.Create("mlp");
        mlp.Properties[DpModelProperties.EpsilonKey] = "1";
        Assert.Equal("mlp", DpModelProperties.TwinOf(mlp)); // an architecture trained privately stands beside itself
    }

    [Theory]
    [InlineData("lenet-dp3", 3.0, "rdp")]
    [InlineData("lenet-dp1", 1.0, "prv")]
    public void TheShippedDpModelsCarryTheirGuaranteeAndTwin(string name, double targetEpsilon, string accountant)
    {
        Sequential model = Veil.Nn.Zoo.ShippedModels.Load(name);
        Assert.True(DpModelProperties.TryReadGuarantee(model.Properties, out double epsilon, out double delta));
        Assert.InRange(epsilon, targetEpsilon - 0.01, targetEpsilon);
        Assert.Equal(accountant, model.Properties[DpModelProperties.AccountantKey]);
        Assert.Equal(1e-5, delta);
        Assert.Equal("lenet", DpModelProperties.TwinOf(model));
    }
}

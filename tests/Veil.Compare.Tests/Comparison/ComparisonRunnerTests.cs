using Veil.Compare.Comparison;
using Veil.Compare.Results;
using Veil.Federated.Privacy;
using Veil.Federated.Simulation;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Nn.Zoo;
using Veil.Privacy.DpSgd;

namespace Veil.Compare.Tests.Comparison;

public class ComparisonRunnerTests
{
    private static readonly MnistDataset Test = MnistDataset.LoadEmbedded(MnistSplit.Test);
    private static readonly ComparisonOptions Quick = new() { Limit = 20, LatencySeconds = 0.01, MaxLatencyRepeats = 3 };

    private static ComparisonOutcome Run(IReadOnlyList<Sequential> models, IReadOnlyList<IInferenceBackend> backends, bool dp = false, ComparisonOptions? options = null) =>
        ComparisonRunner.Run(ComparisonPlan.Create(models, backends, dp, ShippedModels.Load), Test, options ?? Quick);

    private static ComparisonRow Row(ComparisonOutcome outcome, string model, string backend) =>
        Assert.Single(outcome.Rows, r => r.Model == model && r.Backend == backend);

    [Fact]
    public void MakesARowForEveryApplicablePairWithConsistentFigures()
    {
        var batched = new FakeBackend("batched", maxBatch: 8);
        var wide = new FakeBackend("wide", maxBatch: 64);
        var single = new FakeBackend("single", maxBatch: 1, unsupported: ["mlp"]);
        ComparisonOutcome outcome = Run([ShippedModels.Load("mlp"), ShippedModels.Load("mlp-square")], [new PlainBackend(), batched, wide, single]);

        Assert.Equal(
            ["mlp/plain", "mlp/batched", "mlp/wide", "mlp-square/plain", "mlp-square/batched", "mlp-square/wide", "mlp-square/single"],
            outcome.Rows.Select(r => $"{r.Model}/{r.Backend}"));
        SkippedPair skipped = Assert.Single(outcome.Skipped);
        Assert.Equal(("mlp", "single", "single cannot run mlp"), (skipped.Model, skipped.Backend, skipped.Reason));
        Assert.Equal(batched.Opened, batched.Disposed);

        foreach (ComparisonRow row in outcome.Rows)
        {
            Assert.Equal(RowStatus.Ok, row.Status);
            ComparisonRow plain = Row(outcome, row.Baseline, "plain");
            Assert.Equal(20, row.Images);
            Assert.InRange(row.Accuracy!.Value, 0.5, 1);
            Assert.Equal(plain.Accuracy, row.BaselineAccuracy);
            Assert.Equal((row.Accuracy - row.BaselineAccuracy) * 100, row.AccuracyDeltaPoints);
            Assert.True(row.LatencySeconds > 0 && row.ThroughputImagesPerSecond > 0 && row.SetupSeconds >= 0);
            AssertRelative(row.LatencySeconds!.Value / plain.LatencySeconds!.Value, row.LatencySlowdown!.Value);
            AssertRelative(plain.ThroughputImagesPerSecond!.Value / row.ThroughputImagesPerSecond!.Value, row.ThroughputSlowdown!.Value);
            Assert.Null(row.Epsilon);
        }

        // The doubles compute in the clear, so they classify exactly as the plain rows do.
        Assert.All(outcome.Rows, r => Assert.Equal(0, r.AccuracyDeltaPoints));
        ComparisonRow mlpPlain = Row(outcome, "mlp", "plain");
        Assert.Equal(1, mlpPlain.LatencySlowdown);
        Assert.Null(mlpPlain.BytesPerImage);
        Assert.Null(mlpPlain.Rounds);

        ComparisonRow eight = Row(outcome, "mlp", "batched");
        Assert.Equal((8, FakeBackend.BytesPerImage, FakeBackend.BytesPerImage, FakeBackend.RoundsPerCall), (eight.ThroughputBatch, eight.BytesPerImage, eight.LatencyBytes, eight.Rounds));
        Assert.Equal("batch 8", eight.Note);

        // A batch wider than the limit: one batch of 64 images times throughput, the first 20 count for accuracy.
        ComparisonRow wideRow = Row(outcome, "mlp", "wide");
        Assert.Equal((64, 20), (wideRow.ThroughputBatch, wideRow.Images));

        ComparisonRow one = Row(outcome, "mlp-square", "single");
        Assert.Equal((1, "one image at a time", FakeBackend.RoundsPerCall), (one.ThroughputBatch, one.Note, one.Rounds));
    }

    [Fact]
    public void ABackendThatThrowsOnOneModelGivesOneFailedRowAndTheRestRun()
    {
        var flaky = new FakeBackend("flaky", maxBatch: 16, failOn: "mlp");
        ComparisonOutcome outcome = Run([ShippedModels.Load("mlp"), ShippedModels.Load("mlp-square")], [new PlainBackend(), flaky]);

        Assert.Equal(4, outcome.Rows.Count);
        ComparisonRow failed = Assert.Single(outcome.Rows, r => r.Status == RowStatus.Failed);
        Assert.Equal(("mlp", "flaky", "mlp"), (failed.Model, failed.Backend, failed.Baseline));
        Assert.Equal("VeilException: flaky lost its peer while running mlp", failed.Error);
        Assert.Null(failed.Accuracy);
        Assert.Equal(RowStatus.Ok, Row(outcome, "mlp-square", "flaky").Status);
        Assert.Equal(flaky.Opened, flaky.Disposed);
    }

    [Fact]
    public void DpRowsStandBesideTheirTwinAndCarryTheGuarantee()
    {
        Sequential mlp = ShippedModels.Load("mlp");
        var dp = new Sequential("mlp-dp-test", mlp.InputShape, mlp.Layers);
        dp.Properties[DpModelProperties.EpsilonKey] = "2.5";
        dp.Properties[DpModelProperties.DeltaKey] = "1E-05";
        dp.Properties[DpModelProperties.TwinKey] = "mlp";
        var refusesDp = new FakeBackend("secure", maxBatch: 16, unsupported: ["mlp-dp-test"]);

        // The twin was not requested: its plain row is measured anyway, first, as the baseline.
        ComparisonOutcome outcome = Run([dp, ShippedModels.Load("mlp-square")], [new PlainBackend(), refusesDp], dp: true);

        Assert.Equal(["mlp/plain", "mlp-dp-test/dp", "mlp-square/plain", "mlp-square/secure"], outcome.Rows.Select(r => $"{r.Model}/{r.Backend}"));
        ComparisonRow row = Row(outcome, "mlp-dp-test", "dp");
        ComparisonRow twin = Row(outcome, "mlp", "plain");
        Assert.Equal(("mlp", 2.5, 1e-5), (row.Baseline, row.Epsilon, row.Delta));
        Assert.Equal(twin.Accuracy, row.BaselineAccuracy);
        AssertRelative(row.LatencySeconds!.Value / twin.LatencySeconds!.Value, row.LatencySlowdown!.Value);
        Assert.Contains(outcome.Skipped, s => s.Model == "mlp-dp-test" && s.Backend == "secure");

        // Without dp among the backends, the DP model makes no row.
        ComparisonOutcome without = Run([dp], [new PlainBackend(), refusesDp]);
        Assert.Empty(without.Rows);
    }

    [Fact]
    public void FederatedModelsGetAnFlRowBesideTheirTwinWithTheFederationInTheNote()
    {
        Sequential mlp = ShippedModels.Load("mlp");
        Sequential fl = mlp.WithName("mlp-fl-test");
        var options = new SimulationOptions { Model = "mlp", Clients = 100, ClientsPerRound = 10, Rounds = 7, NonIidAlpha = 0.5, SecureAggregation = true, Dp = new ClientDpOptions() };
        FlModelProperties.Write(fl.Properties, new SimulationResult(options, [], 0.97, 118_282, 473_128, 474_000, 2.75, 1e-7, 12, []));

        ComparisonOutcome outcome = ComparisonRunner.Run(ComparisonPlan.Create([fl], [new PlainBackend()], false, ShippedModels.Load, includeFl: true), Test, Quick);
        Assert.Equal(["mlp/plain", "mlp-fl-test/fl"], outcome.Rows.Select(r => $"{r.Model}/{r.Backend}"));
        ComparisonRow row = Row(outcome, "mlp-fl-test", "fl");
        Assert.Equal(("mlp", 2.75, 1e-5), (row.Baseline, row.Epsilon, row.Delta));
        Assert.Contains("100 clients (dirichlet(0.5)), 7 rounds of 10, 474 KB up per client and round, secure aggregation", row.Note);

        // Without fl among the backends it makes no row; asked for with no federated model, it is listed as skipped.
        Assert.Empty(ComparisonRunner.Run(ComparisonPlan.Create([fl], [new PlainBackend()], false, ShippedModels.Load), Test, Quick).Rows);
        ComparisonPlan none = ComparisonPlan.Create([mlp], [new PlainBackend()], false, ShippedModels.Load, includeFl: true);
        Assert.Contains(none.Skipped, s => s.Backend == "fl");
    }

    [Fact]
    public void ATimeBudgetStopsTheAccuracyPassAfterTheBatchThatCrossesIt()
    {
        var single = new FakeBackend("single", maxBatch: 1);
        ComparisonOutcome outcome = Run([ShippedModels.Load("mlp")], [single], options: Quick with { MaxSecondsPerRow = 1e-9 });

        ComparisonRow row = Row(outcome, "mlp", "single");
        Assert.Equal(1, row.Images);
        Assert.Equal("one image at a time; time budget: 1 of 20", row.Note);
        Assert.Equal(20, Row(outcome, "mlp", "plain").Images);

        // The baseline's accuracy is taken on the same single image.
        Sequential mlp = ShippedModels.Load("mlp");
        int[] predicted = new int[1];
        Veil.Tensors.Tensor.ArgMaxRows(mlp.PredictNew(MnistPreprocessing.ImagesNew(Test, 0, 1)), predicted);
        Assert.Equal(predicted[0] == Test.Labels[0] ? 1.0 : 0.0, row.BaselineAccuracy);
    }

    [Fact]
    public void ABackendsOwnBatchCapNarrowsItsThroughputBatch()
    {
        var capped = new FakeBackend("capped", maxBatch: 64);
        var other = new FakeBackend("other", maxBatch: 64);
        var options = Quick with { BackendBatches = new Dictionary<string, int> { ["capped"] = 6 } };
        ComparisonOutcome outcome = Run([ShippedModels.Load("mlp")], [capped, other], options: options);

        Assert.Equal((6, 20, "batch 6"), (Row(outcome, "mlp", "capped").ThroughputBatch, Row(outcome, "mlp", "capped").Images, Row(outcome, "mlp", "capped").Note));
        Assert.Equal(64, Row(outcome, "mlp", "other").ThroughputBatch);
    }

    [Fact]
    public void CancellationStopsTheRun()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var plan = ComparisonPlan.Create([ShippedModels.Load("mlp")], [new PlainBackend()], false, ShippedModels.Load);
        Assert.ThrowsAny<OperationCanceledException>(() => ComparisonRunner.Run(plan, Test, Quick, cancellationToken: cancel.Token));
    }

    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected), $"expected {expected}, got {actual}");
}

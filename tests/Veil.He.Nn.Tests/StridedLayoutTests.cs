using Veil.He.Nn.Circuit;
using Veil.He.Nn.Latency;
using Veil.He.Nn.Planning;
using Veil.He.Nn.Protocol;
using Veil.Nn;
using Veil.Nn.Layers;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.He.Nn.Tests;

/// <summary>Strided latency layouts: sum poolings in place, convolutions reading strided slots, compactions.</summary>
public class StridedLayoutTests
{
    /// <summary>Bound on |encrypted logit − plaintext logit| for the small model (CKKS noise at scale 2^28).</summary>
    private const double LogitBound = 0.02;

    /// <summary>A LeNet in miniature: the same layer kinds and order as lenet-he on a 1×12×12 input.</summary>
    private static Sequential SmallLenet(int seed)
    {
        var model = new Sequential("small-lenet", new TensorShape(1, 12, 12),
            new Conv2d(1, 2, 3, padding: 1), new Polynomial(0.25, 0.5, 0.125), new AvgPool2d(2), new Conv2d(2, 3, 3),
            new Polynomial(0.25, 0.5, 0.125), new AvgPool2d(2), new Flatten(), new Linear(12, 5), new Polynomial(0.25, 0.5, 0.125), new Linear(5, 3));
        model.Initialize(seed);
        return model;
    }

    /// <summary>Shallow enough for N = 8192: one in-place pooling, then a convolution and a dense layer on strided slots.</summary>
    private static Sequential TinyCnn(int seed)
    {
        var model = new Sequential("tiny-cnn", new TensorShape(1, 8, 8),
            new Conv2d(1, 2, 3, padding: 1), new Square(), new AvgPool2d(2), new Conv2d(2, 3, 3), new Square(), new Flatten(), new Linear(12, 4));
        model.Initialize(seed);
        return model;
    }

    private static double[] RandomInput(int count, int seed)
    {
        var random = new System.Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.NextDouble())];
    }

    [Fact]
    public void InPlaceSumOfTwoByTwoPoolingOnRowsOfWidthW()
    {
        // 2 channels of 4×4 values at slots c·32 + 4r + x (gaps between channels); 2×2 sum pooling.
        var shape = new TensorShape(2, 4, 4);
        HeCircuit circuit = ModelCompiler.Compile(new Sequential("pool", shape, new AvgPool2d(2), new Flatten(), new Linear(8, 1)));
        var sum = (LinearStage)circuit.Stages[0];
        int[] inputSlots = [.. Enumerable.Range(0, 32).Select(i => ((i / 16) * 32) + (i % 16))];

        var (steps, outputSlots) = InPlaceSum.TryPlan(sum, inputSlots) ?? throw new InvalidOperationException("not in place");

        Assert.Equal([1, 4, 5], steps);
        Assert.Equal([0, 2, 8, 10, 32, 34, 40, 42], outputSlots);
        double[] values = RandomInput(32, 1), x = new double[64];
        for (int i = 0; i < 32; i++)
        {
            x[inputSlots[i]] = values[i];
        }

        double[] y = steps.Aggregate(x, (acc, d) => [.. acc.Zip(SlotSimulator.Rotate(x, d), (a, b) => a + b)]);
        for (int j = 0; j < sum.Rows.Count; j++)
        {
            double expected = sum.Rows[j].Indices.Sum(i => values[i]);
            Assert.Equal(expected, y[outputSlots[j]], 12);
        }
    }

    [Fact]
    public void SumWithUnevenWeightsIsNotInPlace()
    {
        var stage = new LinearStage(4, [new SparseRow([0, 1], [1, 2], 0), new SparseRow([2, 3], [1, 2], 0)], integerWeights: true, "test");
        Assert.Null(InPlaceSum.TryPlan(stage, [0, 1, 2, 3]));
    }

    [Theory]
    [InlineData(1024, false)]
    [InlineData(1024, true)]
    [InlineData(512, true)]
    public void SmallLenetLayoutComputesThePlainCircuit(int slots, bool compactKeys)
    {
        HeCircuit circuit = ModelCompiler.Compile(SmallLenet(seed: 5));
        LatencyLayout layout = LatencyLayout.Build(circuit, slots, compactKeys);

        // Both poolings in place: no level for either, so the depth is below the stage count.
        Assert.Equal(2, layout.Steps.OfType<InPlaceSumStep>().Count());
        Assert.True(layout.Depth < circuit.Stages.Count, $"depth {layout.Depth}");
        for (int seed = 0; seed < 3; seed++)
        {
            double[] input = RandomInput(circuit.InputCount, seed);
            double[] expected = circuit.EvaluatePlain(input), slotsOut = SlotSimulator.Run(layout, input);
            for (int j = 0; j < expected.Length; j++)
            {
                Assert.True(Math.Abs(expected[j] - slotsOut[j]) <= 1e-9 * (1 + Math.Abs(expected[j])), $"output {j}: {slotsOut[j]} against {expected[j]}");
            }
        }
    }

    [Fact]
    public void LenetHeLayoutComputesThePlainCircuitWithFewerDiagonalsAndLevels()
    {
        InferencePlan plan = InferencePlanner.Plan(ShippedModels.Load("lenet-he"), PackingMode.Latency);
        LatencyLayout layout = plan.Layout!;

        // Both poolings in place; the second is gathered to compact slots before the dense layer: 10 levels, not 11.
        Assert.Equal(2, layout.Steps.OfType<InPlaceSumStep>().Count());
        Assert.Equal(10, plan.Depth);
        Assert.Equal(plan.Depth, plan.Parameters.MaxLevel);
        Assert.True(layout.CompactKeys);
        Assert.InRange(plan.DiagonalCount, 1, 2500); // compact layouts: 6,854
        Assert.True(plan.RotationSteps.Count <= 30, $"{plan.RotationSteps.Count} Galois keys");
        Tensor image = Fixtures.Images(1);
        double[] input = [.. image.Span.ToArray().Select(v => (double)v)];
        double[] expected = plan.Circuit.EvaluatePlain(input), slotsOut = SlotSimulator.Run(layout, input);
        for (int j = 0; j < expected.Length; j++)
        {
            Assert.True(Math.Abs(expected[j] - slotsOut[j]) <= 1e-9 * (1 + Math.Abs(expected[j])), $"logit {j}: {slotsOut[j]} against {expected[j]}");
        }
    }

    [Fact]
    public void TinyCnnEncryptedMatchesPlaintext()
    {
        Sequential model = TinyCnn(seed: 3);
        InferencePlan plan = InferencePlanner.Plan(model, PackingMode.Latency);
        Assert.Single(plan.Layout!.Steps.OfType<InPlaceSumStep>());
        Assert.Equal(8192, plan.Parameters.N);
        var client = new HeInferenceClient(plan);
        var server = new HeInferenceServer(plan, client.GenerateEvaluationKeys());
        for (int seed = 0; seed < 2; seed++)
        {
            var image = new Tensor(new TensorShape(1, 1, 8, 8));
            RandomInput(64, seed).Select(v => (float)v).ToArray().CopyTo(image.Span);
            Tensor expected = model.PredictNew(image);
            Tensor logits = client.DecryptNew(server.Infer(client.Encrypt(image)));
            Assert.True(Fixtures.MaxAbsDifference(expected, logits) < LogitBound, $"image {seed}: max logit error {Fixtures.MaxAbsDifference(expected, logits)}");
            Assert.Equal(Fixtures.ArgMax(expected), Fixtures.ArgMax(logits));
        }
    }
}

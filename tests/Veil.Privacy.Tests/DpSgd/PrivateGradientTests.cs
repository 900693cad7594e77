using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Privacy.Clipping;
using Veil.Privacy.DpSgd;
using Veil.Tensors;

namespace Veil.Privacy.Tests.DpSgd;

public class PrivateGradientTests
{
    /// <summary>Every clipped per-example gradient (the engine's per-example gradient times the weights the step
    /// applied), its norm computed exactly in double: at most C for flat clipping, at most C_l per layer for per-layer
    /// clipping. C is small, so nearly every example is clipped. Runs on every zoo architecture.</summary>
    [Theory]
    [InlineData("mlp", false)]
    [InlineData("mlp-square", true)]
    [InlineData("cnn-he", false)]
    [InlineData("lenet", true)]
    [InlineData("lenet", false)]
    [InlineData("securenn-b", false)]
    [InlineData("securenn-d", true)]
    [InlineData("lenet", false, 7)]
    public void ClippingBoundsEveryPerExampleNorm(string name, bool perLayer, int frozen = -1)
    {
        Sequential model = DpSgdFixture.Create(name);
        int[]? frozenLayers = frozen < 0 ? null : [frozen];
        const double c = 0.05;
        int groups = PrivateGradient.TrainedLayers(model, frozenLayers).Count;
        IGradientClipping clipping = perLayer ? PerLayerClipping.Equal(c, groups) : new FlatClipping(c);
        var gradient = new PrivateGradient(model, clipping, physicalBatchSize: 6, frozenLayers);
        int checkedExamples = 0, clipped = 0;
        gradient.ClippedMicroBatch = (perExample, weights) =>
        {
            int p = model.Parameters.Count;
            var squares = new double[perExample.BatchSize * groups];
            for (int j = 0; j < p; j++)
            {
                Tensor g = perExample.GradientsNew(j);
                int size = model.Parameters[j].Value.Length;
                for (int i = 0; i < perExample.BatchSize; i++)
                {
                    double w = weights.Span[(i * p) + j];
                    Assert.InRange(w, 0, 1);
                    if (gradient.GroupOf(j) < 0)
                    {
                        Assert.Equal(0, w);
                        continue;
                    }

                    foreach (float v in g.Span.Slice(i * size, size))
                    {
                        double scaled = (double)(float)(w * v);
                        squares[(i * groups) + gradient.GroupOf(j)] += scaled * scaled;
                    }
                }
            }

            for (int i = 0; i < perExample.BatchSize; i++)
            {
                checkedExamples++;
                if (perLayer)
                {
                    for (int l = 0; l < groups; l++)
                    {
                        Assert.True(Math.Sqrt(squares[(i * groups) + l]) <= c / Math.Sqrt(groups), $"example {i}, layer {l}: {Math.Sqrt(squares[(i * groups) + l])}");
                    }
                }
                else
                {
                    double norm = Math.Sqrt(squares.AsSpan(i * groups, groups).ToArray().Sum());
                    Assert.True(norm <= c, $"example {i}: norm {norm} above {c}");
                }
            }
        };

        int[] batch = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
        BatchStatistics statistics = gradient.Accumulate(DpSgdFixture.Train, batch);
        Assert.Equal(batch.Length, checkedExamples);
        Assert.Equal(batch.Length, statistics.Examples);
        clipped = statistics.Clipped;
        Assert.True(clipped >= batch.Length - 2, $"only {clipped} of {batch.Length} clipped: C should bind");
        Assert.True(gradient.RelativeNormError > 0 && gradient.RelativeNormError < 1e-2);
    }

    /// <summary>The batch built from a list of indices (micro-batched, unsorted, with a repeat) gives each example the
    /// gradient of single-example backprop, and without clipping the sum is the sum of those.</summary>
    [Fact]
    public void PerExampleGradientsOfTheBatchEqualSingleExampleBackprop()
    {
        Sequential model = DpSgdFixture.Create("securenn-b", seed: 3);
        int[] batch = [17, 2, 40001, 9, 2, 123, 58000];
        int p = model.Parameters.Count;
        var captured = new List<float[][]>();
        var gradient = new PrivateGradient(model, new FlatClipping(1e6), physicalBatchSize: 3);
        gradient.ClippedMicroBatch = (perExample, weights) =>
        {
            Assert.All(weights.ToArray(), w => Assert.Equal(1f, w));
            for (int i = 0; i < perExample.BatchSize; i++)
            {
                captured.Add(new float[p][]);
            }

            for (int j = 0; j < p; j++)
            {
                Tensor g = perExample.GradientsNew(j);
                int size = model.Parameters[j].Value.Length;
                for (int i = 0; i < perExample.BatchSize; i++)
                {
                    captured[captured.Count - perExample.BatchSize + i][j] = g.Span.Slice(i * size, size).ToArray();
                }
            }
        };
        gradient.Clear();
        gradient.Accumulate(DpSgdFixture.Train, batch);
        float[][] sums = [.. Enumerable.Range(0, p).Select(j => gradient.Sum(j).ToArray())];
        Assert.Equal(batch.Length, captured.Count);

        var expectedSums = model.Parameters.Select(q => new double[q.Value.Length]).ToArray();
        for (int i = 0; i < batch.Length; i++)
        {
            Tensor image = MnistPreprocessing.ImagesNew(DpSgdFixture.Train, batch[i], 1);
            Tensor logits = model.Forward(image);
            var outputGradient = new Tensor(logits.Shape);
            SoftmaxCrossEntropy.Compute(logits, [DpSgdFixture.Train.Labels[batch[i]]], outputGradient, LossReduction.Sum);
            model.Backward(outputGradient);
            for (int j = 0; j < p; j++)
            {
                float[] single = model.Parameters[j].Gradient.Span.ToArray();
                AssertClose(single, captured[i][j], $"example {batch[i]}, parameter {j}");
                for (int k = 0; k < single.Length; k++)
                {
                    expectedSums[j][k] += single[k];
                }
            }
        }

        for (int j = 0; j < p; j++)
        {
            AssertClose([.. expectedSums[j].Select(v => (float)v)], sums[j], $"sum of parameter {j}");
        }
    }

    [Fact]
    public void WriteGradientsDividesAndAnEmptyBatchAddsNothing()
    {
        Sequential model = DpSgdFixture.Create("mlp");
        var gradient = new PrivateGradient(model, new FlatClipping(1));
        gradient.Clear();
        Assert.Equal(default, gradient.Accumulate(DpSgdFixture.Train, []));
        gradient.Accumulate(DpSgdFixture.Train, [0, 1, 2]);
        gradient.WriteGradients(4);
        for (int j = 0; j < model.Parameters.Count; j++)
        {
            float[] sum = gradient.Sum(j).ToArray();
            float[] written = model.Parameters[j].Gradient.Span.ToArray();
            for (int k = 0; k < sum.Length; k++)
            {
                Assert.Equal(sum[k] * 0.25f, written[k], 1e-6f);
            }
        }

        Assert.Throws<ArgumentException>(() => new PrivateGradient(model, new PerLayerClipping([1.0, 1.0])));
        Assert.Throws<ArgumentException>(() => gradient.WriteGradients(0));
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = Math.Max(1e-3f, expected.Max(Math.Abs));
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 2e-4f * scale, $"{what}[{k}]: {expected[k]} vs {actual[k]}");
        }
    }
}

using Veil.Nn.Layers;
using Veil.Nn.Tests.Layers;
using Veil.Nn.Training;
using Veil.Tensors;

namespace Veil.Nn.Tests;

public class PerExampleGradientTests
{
    private const int Batch = 5;

    private static Sequential Model()
    {
        var model = new Sequential("per-example", new TensorShape(1, 12, 12),
            new Conv2d(1, 3, 3, stride: 2, padding: 1), new ReLU(), new Conv2d(3, 4, 3), new MaxPool2d(2),
            new Square(), new Flatten(), new Linear(16, 6), new Polynomial(0.1, 1, 0.2), new Linear(6, 3, bias: false));
        model.Initialize(11);
        return model;
    }

    private static (Tensor Images, int[] Labels) Data()
    {
        Tensor images = GradientCheck.RandomTensor(new System.Random(2), new TensorShape(Batch, 1, 12, 12));
        return (images, [0, 2, 1, 1, 0]);
    }

    private static PerExampleGradients PerExample(Sequential model, Tensor images, int[] labels)
    {
        Tensor logits = model.Forward(images);
        var gradient = new Tensor(logits.Shape);
        SoftmaxCrossEntropy.Compute(logits, labels, gradient, LossReduction.Sum);
        return model.BackwardPerExample(gradient);
    }

    /// <summary>Each example's gradient, by ordinary backprop on a batch of that example alone.</summary>
    private static List<float[]>[] SingleExampleGradients(Sequential model, Tensor images, int[] labels)
    {
        var result = new List<float[]>[Batch];
        for (int i = 0; i < Batch; i++)
        {
            Tensor logits = model.Forward(images.Slice(i, 1));
            var gradient = new Tensor(logits.Shape);
            SoftmaxCrossEntropy.Compute(logits, labels.AsSpan(i, 1), gradient, LossReduction.Sum);
            model.Backward(gradient);
            result[i] = model.Parameters.Select(p => p.Gradient.Span.ToArray()).ToList();
        }

        return result;
    }

    [Fact]
    public void PerExampleGradientsEqualSingleExampleBackprop()
    {
        Sequential model = Model();
        var (images, labels) = Data();
        var expected = SingleExampleGradients(model, images, labels);
        PerExampleGradients grads = PerExample(model, images, labels);
        for (int p = 0; p < model.Parameters.Count; p++)
        {
            Tensor all = grads.GradientsNew(p);
            int size = model.Parameters[p].Value.Length;
            for (int i = 0; i < Batch; i++)
            {
                AssertClose(expected[i][p], all.Span.Slice(i * size, size).ToArray(), $"parameter {p}, example {i}");
            }
        }
    }

    [Fact]
    public void SquaredNormsAreThoseOfThePerExampleGradients()
    {
        Sequential model = Model();
        var (images, labels) = Data();
        var expected = SingleExampleGradients(model, images, labels);
        Tensor norms = PerExample(model, images, labels).SquaredNormsNew();
        Assert.Equal(new TensorShape(Batch, model.Parameters.Count), norms.Shape);
        for (int i = 0; i < Batch; i++)
        {
            for (int p = 0; p < model.Parameters.Count; p++)
            {
                double norm = expected[i][p].Sum(v => (double)v * v);
                Assert.True(Math.Abs(norm - norms[i, p]) <= 1e-4 + 1e-3 * norm, $"example {i}, parameter {p}: {norm} vs {norms[i, p]}");
            }
        }
    }

    [Fact]
    public void WeightedSumsCombineThePerExampleGradients()
    {
        Sequential model = Model();
        var (images, labels) = Data();
        var expected = SingleExampleGradients(model, images, labels);
        int parameters = model.Parameters.Count;
        float[] weights = new float[Batch * parameters];
        var random = new System.Random(9);
        for (int k = 0; k < weights.Length; k++)
        {
            weights[k] = (float)random.NextDouble();
        }

        PerExample(model, images, labels).AccumulateWeighted(weights);
        for (int p = 0; p < parameters; p++)
        {
            float[] sum = new float[model.Parameters[p].Value.Length];
            for (int i = 0; i < Batch; i++)
            {
                for (int e = 0; e < sum.Length; e++)
                {
                    sum[e] += weights[i * parameters + p] * expected[i][p][e];
                }
            }

            AssertClose(sum, model.Parameters[p].Gradient.Span.ToArray(), $"parameter {p}");
        }
    }

    [Fact]
    public void UnitWeightsGiveTheBatchGradient()
    {
        Sequential model = Model();
        var (images, labels) = Data();
        Tensor logits = model.Forward(images);
        var gradient = new Tensor(logits.Shape);
        SoftmaxCrossEntropy.Compute(logits, labels, gradient, LossReduction.Sum);
        model.Backward(gradient);
        var batchGradients = model.Parameters.Select(p => p.Gradient.Span.ToArray()).ToList();
        PerExample(model, images, labels).AccumulateWeightedPerExample([1, 1, 1, 1, 1]);
        for (int p = 0; p < model.Parameters.Count; p++)
        {
            AssertClose(batchGradients[p], model.Parameters[p].Gradient.Span.ToArray(), $"parameter {p}");
        }
    }

    [Fact]
    public void StaleGradientsAreRefused()
    {
        Sequential model = Model();
        var (images, labels) = Data();
        PerExampleGradients grads = PerExample(model, images, labels);
        model.Forward(images);
        Assert.Throws<InvalidOperationException>(() => grads.SquaredNormsNew());
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 + 1e-3 * Math.Abs(expected[i]), $"{what}[{i}]: {expected[i]} vs {actual[i]}");
        }
    }
}

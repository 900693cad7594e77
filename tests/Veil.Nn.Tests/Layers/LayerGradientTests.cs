using Veil.Nn.Layers;
using Veil.Tensors;

namespace Veil.Nn.Tests.Layers;

public class LayerGradientTests
{
    private static Tensor Input(params int[] shape) => GradientCheck.RandomTensor(new System.Random(shape.Sum()), new TensorShape(shape), minMagnitude: 0.05);

    private static T Initialized<T>(T layer)
        where T : Layer
    {
        layer.InitializeParameters(new System.Random(3));
        return layer;
    }

    [Fact]
    public void Linear() => GradientCheck.Check(Initialized(new Linear(7, 5)), Input(3, 7));

    [Fact]
    public void LinearWithoutBias() => GradientCheck.Check(Initialized(new Linear(6, 4, bias: false)), Input(2, 6));

    [Theory]
    [InlineData(1, 3, 3, 1, 0)]
    [InlineData(2, 4, 3, 2, 1)]
    [InlineData(1, 4, 7, 3, 0)]
    [InlineData(1, 5, 5, 2, 2)]
    public void Conv2d(int inChannels, int outChannels, int k, int stride, int padding) =>
        GradientCheck.Check(Initialized(new Conv2d(inChannels, outChannels, k, stride, padding)), Input(2, inChannels, 11, 10));

    [Fact]
    public void MaxPool2d() => GradientCheck.Check(new MaxPool2d(2), Input(2, 3, 6, 6), h: 1e-3);

    [Fact]
    public void MaxPool2dOverlapping() => GradientCheck.Check(new MaxPool2d(3, 2), Input(1, 2, 7, 7), h: 1e-3);

    [Fact]
    public void AvgPool2d() => GradientCheck.Check(new AvgPool2d(2), Input(2, 3, 6, 6));

    [Fact]
    public void ReLU() => GradientCheck.Check(new ReLU(), Input(4, 37), h: 1e-3);

    [Fact]
    public void Square() => GradientCheck.Check(new Square(), Input(4, 37), h: 1e-3);

    [Fact]
    public void Polynomial() => GradientCheck.Check(new Polynomial(0.25, 0.5, 0.125, -0.05), Input(3, 41), h: 1e-3);

    [Fact]
    public void Tanh() => GradientCheck.Check(new Tanh(), Input(4, 37), h: 1e-3);

    [Fact]
    public void TanhComputesTheHyperbolicTangent()
    {
        Tensor x = Input(2, 9);
        Tensor y = new Tanh().Forward(x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(Math.Tanh(x.Span[i]), y.Span[i], 1e-6);
        }
    }

    [Fact]
    public void Sigmoid() => GradientCheck.Check(new Sigmoid(), Input(4, 37), h: 1e-3);

    [Fact]
    public void SigmoidComputesTheLogistic()
    {
        Tensor x = Input(2, 9);
        Tensor y = new Sigmoid().Forward(x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-x.Span[i])), y.Span[i], 1e-6);
        }
    }

    [Fact]
    public void Flatten() => GradientCheck.Check(new Flatten(), Input(2, 3, 4, 5));

    [Fact]
    public void SquareComputesXSquared()
    {
        Tensor x = Input(2, 9);
        Tensor y = new Square().Forward(x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x.Span[i] * x.Span[i], y.Span[i]);
        }
    }

    [Fact]
    public void ShapesAreCheckedWhenModelsAreBuilt()
    {
        Assert.Throws<ArgumentException>(() => new Sequential("bad", new TensorShape(1, 28, 28), new Linear(784, 10)));
        Assert.Throws<ArgumentException>(() => new Sequential("bad", new TensorShape(1, 4, 4), new Conv2d(1, 2, 5)));
        var model = new Sequential("ok", new TensorShape(1, 28, 28), new Conv2d(1, 5, 5, 2, 2), new Flatten(), new Linear(980, 10));
        Assert.Equal(new TensorShape(5, 14, 14), model.ShapeBefore(1));
    }
}

public class ConvolutionChunkingTests
{
    [Fact]
    public void LargeBatchesRunInChunksWithTheSameResultsAndGradients()
    {
        // 300 images of [20, 12, 12] into a 5x5 conv: im2col of 500 x 19,200, above the size kept whole.
        var layer = new Conv2d(20, 50, 5);
        layer.InitializeParameters(new System.Random(1));
        Tensor input = GradientCheck.RandomTensor(new System.Random(2), new TensorShape(300, 20, 12, 12));
        Tensor expected = Tensor.Conv2dNew(input, layer.Weight, layer.Bias, 1, 0);
        Tensor output = layer.Forward(input);
        for (int i = 0; i < output.Length; i += 97)
        {
            Assert.Equal(expected.Span[i], output.Span[i], 1e-4f);
        }

        Tensor gradient = GradientCheck.RandomTensor(new System.Random(3), output.Shape);
        layer.Backward(gradient);
        float[] whole = layer.Parameters[0].Gradient.Span.ToArray();
        float[] halves = new float[whole.Length];
        for (int half = 0; half < 2; half++)
        {
            layer.Forward(input.Slice(half * 150, 150));
            layer.Backward(gradient.Slice(half * 150, 150));
            for (int i = 0; i < halves.Length; i++)
            {
                halves[i] += layer.Parameters[0].Gradient.Span[i];
            }
        }

        for (int i = 0; i < whole.Length; i += 31)
        {
            Assert.True(Math.Abs(whole[i] - halves[i]) <= 1e-3 * (1 + Math.Abs(whole[i])), $"weight gradient {i}: {whole[i]} vs {halves[i]}");
        }
    }
}

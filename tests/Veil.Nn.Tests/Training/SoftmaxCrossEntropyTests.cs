using Veil.Nn.Training;
using Veil.Tensors;

namespace Veil.Nn.Tests.Training;

public class SoftmaxCrossEntropyTests
{
    [Fact]
    public void LossAndGradientMatchTheDefinition()
    {
        var logits = Tensor.FromValues([1f, 2f, 3f, 1000f, 0f, -1000f], new TensorShape(2, 3));
        var gradient = new Tensor(2, 3);
        double loss = SoftmaxCrossEntropy.Compute(logits, [2, 1], gradient, LossReduction.Sum);
        double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        double expected = -Math.Log(Math.Exp(3) / z) + 1000;
        Assert.Equal(expected, loss, 1e-4);
        Assert.Equal(Math.Exp(1) / z, gradient[0, 0], 1e-6);
        Assert.Equal(Math.Exp(3) / z - 1, gradient[0, 2], 1e-6);
        Assert.Equal(1, gradient[1, 0], 1e-6);
        Assert.Equal(-1, gradient[1, 1], 1e-6);
        Assert.Equal(0, gradient[1, 2], 1e-6);
        Assert.All(gradient.Span.ToArray(), v => Assert.True(float.IsFinite(v)));
        double mean = SoftmaxCrossEntropy.Compute(logits, [2, 1], gradient);
        Assert.Equal(expected / 2, mean, 1e-4);
        Assert.Equal((Math.Exp(3) / z - 1) / 2, gradient[0, 2], 1e-6);
        Assert.True(double.IsFinite(SoftmaxCrossEntropy.Compute(
            Tensor.FromValues([1e30f, -1e30f, 0f], new TensorShape(1, 3)), [1], new Tensor(1, 3))));
        Assert.Throws<ArgumentException>(() => SoftmaxCrossEntropy.Compute(logits, [3, 0], gradient));
    }
}

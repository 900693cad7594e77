using Veil.Nn.Training;
using Veil.Tensors;

namespace Veil.Nn.Tests.Training;

public class MeanSquaredErrorTests
{
    [Fact]
    public void LossAndGradientMatchTheDefinition()
    {
        var outputs = Tensor.FromValues([0.5f, 2f, -1f, 0f, 1f, 3f], new TensorShape(2, 3));
        var gradient = new Tensor(2, 3);
        double loss = MeanSquaredError.Compute(outputs, [1, 2], gradient, LossReduction.Sum);

        // ½ (0.25 + 1 + 1) + ½ (0 + 1 + 4)
        Assert.Equal(1.125 + 2.5, loss, 1e-6);
        Assert.Equal([0.5f, 1f, -1f, 0f, 1f, 2f], gradient.Span.ToArray());

        double mean = MeanSquaredError.Compute(outputs, [1, 2], gradient);
        Assert.Equal((1.125 + 2.5) / 2, mean, 1e-6);
        Assert.Equal(1f, gradient[1, 2], 1e-6);

        // The gradient is the loss's derivative: a central difference agrees.
        const float h = 1e-2f;
        var shifted = Tensor.FromValues([0.5f, 2f, -1f + h, 0f, 1f, 3f], new TensorShape(2, 3));
        double up = MeanSquaredError.Compute(shifted, [1, 2], new Tensor(2, 3), LossReduction.Sum);
        shifted[0, 2] = -1f - h;
        double down = MeanSquaredError.Compute(shifted, [1, 2], new Tensor(2, 3), LossReduction.Sum);
        Assert.Equal(-1, (up - down) / (2 * h), 1e-3);
        Assert.Throws<ArgumentException>(() => MeanSquaredError.Compute(outputs, [3, 0], gradient));
    }
}

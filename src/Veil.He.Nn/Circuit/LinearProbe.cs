using Veil.Nn.Layers;
using Veil.Tensors;

namespace Veil.He.Nn.Circuit;

/// <summary>
/// Reads the affine map y = W·x + b computed by consecutive linear layers by running them in the clear on the unit
/// vectors, the zero vector and, optionally, one more vector v (giving W·v): the exact composition of any mix of
/// Conv2d, AvgPool2d, Flatten and Linear, without re-implementing their index arithmetic.
/// </summary>
internal sealed class LinearProbe
{
    private readonly float[] _outputs;

    private LinearProbe(int inputs, int outputs, float[] data)
    {
        Inputs = inputs;
        Outputs = outputs;
        _outputs = data;
    }

    public int Inputs { get; }

    public int Outputs { get; }

    /// <summary>W[j, i].</summary>
    public double Weight(int j, int i) => (double)_outputs[(i * Outputs) + j] - _outputs[(Inputs * Outputs) + j];

    /// <summary>b[j].</summary>
    public double Bias(int j) => _outputs[(Inputs * Outputs) + j];

    /// <summary>(W·v)[j] for the extra vector v given to <see cref="Run"/>.</summary>
    public double Extra(int j) => (double)_outputs[((Inputs + 1) * Outputs) + j] - _outputs[(Inputs * Outputs) + j];

    public static LinearProbe Run(IReadOnlyList<Layer> layers, TensorShape inputShape, ReadOnlySpan<double> extra)
    {
        int n = inputShape.ElementCount;
        var input = new Tensor(inputShape.Prepend(n + 2));
        Span<float> x = input.Span;
        for (int i = 0; i < n; i++)
        {
            x[(i * n) + i] = 1;
        }

        for (int i = 0; i < extra.Length; i++)
        {
            x[((n + 1) * n) + i] = (float)extra[i];
        }

        Tensor y = input;
        foreach (Layer layer in layers)
        {
            y = layer.Forward(y);
        }

        int m = y.Length / (n + 2);
        return new LinearProbe(n, m, y.Span.ToArray());
    }
}

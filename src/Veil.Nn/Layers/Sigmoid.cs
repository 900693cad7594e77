using System.Numerics.Tensors;

namespace Veil.Nn.Layers;

/// <summary>The logistic sigmoid 1 / (1 + e^−x), element-wise (ONNX's Sigmoid).</summary>
/// <remarks>Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).</remarks>
public sealed class Sigmoid : Activation
{
    /// <inheritdoc />
    public override string Kind => "sigmoid";

    /// <inheritdoc />
    public override string ToString() => "Sigmoid";

    internal override LayerSpec ToSpec() => new(Kind);

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);

    /// <summary><c>dx = σ(x)·(1 − σ(x)) · dy</c>, computed in <paramref name="dx"/> itself.</summary>
    private protected override void ApplyBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        TensorPrimitives.Sigmoid(x, dx);
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = dx[i] * (1 - dx[i]) * dy[i];
        }
    }
}

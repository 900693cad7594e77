using System.Numerics.Tensors;

namespace Veil.Nn.Layers;

/// <summary>The hyperbolic tangent, element-wise: a bounded ("tempered sigmoid") activation, which keeps gradients
/// small and so suits differentially private training, where every per-example gradient is clipped.</summary>
/// <remarks>Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).</remarks>
public sealed class Tanh : Activation
{
    /// <inheritdoc />
    public override string Kind => "tanh";

    /// <inheritdoc />
    public override string ToString() => "Tanh";

    internal override LayerSpec ToSpec() => new(Kind);

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    /// <summary><c>dx = (1 - tanh²(x)) · dy</c>, computed in <paramref name="dx"/> itself.</summary>
    private protected override void ApplyBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        TensorPrimitives.Tanh(x, dx);
        TensorPrimitives.Multiply(dx, dx, dx);
        TensorPrimitives.Subtract(1f, dx, dx);
        TensorPrimitives.Multiply(dx, dy, dx);
    }
}

using Veil.Tensors.Operators;

namespace Veil.Nn.Layers;

/// <summary><c>max(x, 0)</c>, element-wise.</summary>
/// <remarks>Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).</remarks>
public sealed class ReLU : Activation
{
    /// <inheritdoc />
    public override string Kind => "relu";

    /// <inheritdoc />
    public override string ToString() => "ReLU";

    internal override LayerSpec ToSpec() => new(Kind);

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Map(x, y, default(ReluOperator));

    private protected override void ApplyBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        Elementwise.Map(x, dy, dx, default(ReluGradientOperator));
}

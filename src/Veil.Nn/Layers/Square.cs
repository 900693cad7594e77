using Veil.Tensors.Operators;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Veil.Nn.Layers;

/// <summary><c>x²</c>, element-wise: the activation of CryptoNets-style networks, one multiplication under encryption.</summary>
/// <remarks>Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).</remarks>
public sealed class Square : Activation
{
    private static readonly float[] Coefficients = [0f, 0f, 1f];

    /// <inheritdoc />
    public override string Kind => "square";

    /// <inheritdoc />
    public override string ToString() => "Square";

    internal override LayerSpec ToSpec() => new(Kind);

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TP.Multiply(x, x, y);

    private protected override void ApplyBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        Elementwise.Map(x, dy, dx, new PolynomialGradientOperator(Coefficients));
}

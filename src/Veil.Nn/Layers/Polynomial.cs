using Veil.Tensors.Operators;

namespace Veil.Nn.Layers;

/// <summary>
/// A polynomial activation with fixed coefficients, element-wise: <c>p(x) = c₀ + c₁x + … + c_d x^d</c>.
/// HE- and MPC-friendly replacements for ReLU (e.g. 0.125x² + 0.5x + 0.25) are of this form.
/// </summary>
/// <remarks>Coefficients are kept in double precision (for encrypted evaluation) and applied in single precision here.
/// Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).</remarks>
public sealed class Polynomial : Activation
{
    /// <summary>The highest degree accepted.</summary>
    public const int MaxDegree = 32;

    private readonly double[] _coefficients;
    private readonly PolynomialOperator _forward;
    private readonly PolynomialGradientOperator _backward;

    /// <summary>Creates the activation; <paramref name="coefficients"/>[k] multiplies x^k.</summary>
    /// <exception cref="ArgumentException">There are no coefficients, more than <see cref="MaxDegree"/>+1, or one is not finite.</exception>
    public Polynomial(params ReadOnlySpan<double> coefficients)
    {
        Guard.IsTrue(coefficients.Length is > 0 and <= MaxDegree + 1, nameof(coefficients), $"must hold 1 to {MaxDegree + 1} values");
        foreach (double c in coefficients)
        {
            Guard.IsTrue(double.IsFinite(c), nameof(coefficients), "must all be finite");
        }

        _coefficients = coefficients.ToArray();
        float[] single = Array.ConvertAll(_coefficients, c => (float)c);
        _forward = new PolynomialOperator(single);
        _backward = new PolynomialGradientOperator(single);
    }

    /// <summary>The coefficients, lowest degree first.</summary>
    public IReadOnlyList<double> Coefficients => _coefficients;

    /// <summary>The degree (the number of coefficients less one).</summary>
    public int Degree => _coefficients.Length - 1;

    /// <inheritdoc />
    public override string Kind => "polynomial";

    /// <inheritdoc />
    public override string ToString() => $"Polynomial({string.Join(", ", _coefficients)})";

    internal override LayerSpec ToSpec() => new LayerSpec(Kind).With("coefficients", _coefficients);

    private protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Map(x, y, _forward);

    private protected override void ApplyBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        Elementwise.Map(x, dy, dx, _backward);
}

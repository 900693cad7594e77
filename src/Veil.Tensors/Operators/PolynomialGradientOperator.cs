using System.Runtime.Intrinsics;

namespace Veil.Tensors.Operators;

/// <summary>
/// The backward step of a polynomial activation: <c>dy · p'(x)</c>, with <c>p'(x) = c[1] + 2 c[2] x + ... + d c[d] x^(d-1)</c>.
/// For <c>p(x) = x²</c> this is <c>2 x dy</c>.
/// </summary>
public readonly struct PolynomialGradientOperator : IBinaryOperator
{
    private readonly PolynomialOperator _derivative;

    /// <summary>Creates the operator for the polynomial with <paramref name="coefficients"/> (c[k] multiplies x^k).</summary>
    /// <exception cref="ArgumentException">There are no coefficients.</exception>
    public PolynomialGradientOperator(ReadOnlySpan<float> coefficients)
    {
        Guard.IsTrue(!coefficients.IsEmpty, nameof(coefficients), "must hold at least one coefficient");
        Span<float> derivative = stackalloc float[Math.Max(1, coefficients.Length - 1)];
        derivative.Clear();
        for (int k = 1; k < coefficients.Length; k++)
        {
            derivative[k - 1] = k * coefficients[k];
        }

        _derivative = new PolynomialOperator(derivative);
    }

    /// <inheritdoc />
    public float Invoke(float x, float y) => y * _derivative.Invoke(x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => y * _derivative.Invoke(x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => y * _derivative.Invoke(x);
}

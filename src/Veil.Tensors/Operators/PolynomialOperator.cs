using System.Runtime.Intrinsics;

namespace Veil.Tensors.Operators;

/// <summary>
/// <c>p(x) = c[0] + c[1] x + ... + c[d] x^d</c> by Horner's rule. The coefficients are held in single precision.
/// </summary>
public readonly struct PolynomialOperator : IUnaryOperator
{
    private readonly float[] _coefficients;

    /// <summary>Creates the operator; <paramref name="coefficients"/>[k] multiplies x^k.</summary>
    /// <exception cref="ArgumentException">There are no coefficients.</exception>
    public PolynomialOperator(ReadOnlySpan<float> coefficients)
    {
        Guard.IsTrue(!coefficients.IsEmpty, nameof(coefficients), "must hold at least one coefficient");
        _coefficients = coefficients.ToArray();
    }

    /// <inheritdoc />
    public float Invoke(float x)
    {
        float[] c = _coefficients;
        float result = c[^1];
        for (int k = c.Length - 2; k >= 0; k--)
        {
            result = MathF.FusedMultiplyAdd(result, x, c[k]);
        }

        return result;
    }

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x)
    {
        float[] c = _coefficients;
        Vector512<float> result = Vector512.Create(c[^1]);
        for (int k = c.Length - 2; k >= 0; k--)
        {
            result = Vector512.FusedMultiplyAdd(result, x, Vector512.Create(c[k]));
        }

        return result;
    }

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x)
    {
        float[] c = _coefficients;
        Vector256<float> result = Vector256.Create(c[^1]);
        for (int k = c.Length - 2; k >= 0; k--)
        {
            result = Vector256.FusedMultiplyAdd(result, x, Vector256.Create(c[k]));
        }

        return result;
    }
}

using System.Runtime.Intrinsics;

namespace Veil.Tensors.Operators;

/// <summary>The ReLU backward step: <c>dy</c> where the forward input <c>x &gt; 0</c>, else 0.</summary>
public readonly struct ReluGradientOperator : IBinaryOperator
{
    /// <inheritdoc />
    public float Invoke(float x, float y) => x > 0f ? y : 0f;

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), y, Vector512<float>.Zero);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), y, Vector256<float>.Zero);
}

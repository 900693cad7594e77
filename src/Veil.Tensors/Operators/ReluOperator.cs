using System.Runtime.Intrinsics;

namespace Veil.Tensors.Operators;

/// <summary><c>max(x, 0)</c>.</summary>
public readonly struct ReluOperator : IUnaryOperator
{
    /// <inheritdoc />
    public float Invoke(float x) => x > 0f ? x : 0f;

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);
}

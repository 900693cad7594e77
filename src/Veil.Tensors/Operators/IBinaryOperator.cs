using System.Runtime.Intrinsics;

namespace Veil.Tensors.Operators;

/// <summary>
/// An element-wise function <c>z = f(x, y)</c> in scalar and vector forms, applied by
/// <see cref="Elementwise.Map{TOperator}(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, in TOperator)"/>.
/// Backward passes use it with x the forward input and y the incoming gradient.
/// </summary>
public interface IBinaryOperator
{
    /// <summary>f(x, y) for one element.</summary>
    float Invoke(float x, float y);

    /// <summary>f(x, y) for sixteen elements.</summary>
    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);

    /// <summary>f(x, y) for eight elements.</summary>
    Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);
}

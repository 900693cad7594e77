using System.Runtime.Intrinsics;

namespace Veil.Tensors.Operators;

/// <summary>
/// An element-wise function <c>y = f(x)</c> in scalar and vector forms, applied by <see cref="Elementwise.Map{TOperator}(ReadOnlySpan{float}, Span{float}, in TOperator)"/>.
/// Implement it on a readonly struct so the driver is specialised and inlined for each operator.
/// </summary>
public interface IUnaryOperator
{
    /// <summary>f(x) for one element.</summary>
    float Invoke(float x);

    /// <summary>f(x) for sixteen elements.</summary>
    Vector512<float> Invoke(Vector512<float> x);

    /// <summary>f(x) for eight elements.</summary>
    Vector256<float> Invoke(Vector256<float> x);
}

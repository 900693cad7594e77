using System.Runtime.Intrinsics;

namespace Veil.Arithmetic.Kernels;

/// <summary>An element-wise modular operation on one operand, as a scalar and on 256- and 512-bit vectors.</summary>
/// <remarks>Implementations are small readonly structs holding broadcast constants; <see cref="KernelDriver"/>
/// specializes on them so every call inlines.</remarks>
internal interface IModularUnaryOperator
{
    /// <summary>False when only the scalar form is exact for this modulus.</summary>
    bool Vectorizable { get; }

    ulong Invoke(ulong x);

    Vector256<ulong> Invoke(Vector256<ulong> x);

    Vector512<ulong> Invoke(Vector512<ulong> x);
}

/// <summary>An element-wise modular operation on two operands.</summary>
internal interface IModularBinaryOperator
{
    /// <summary>False when only the scalar form is exact for this modulus.</summary>
    bool Vectorizable { get; }

    ulong Invoke(ulong x, ulong y);

    Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y);

    Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y);
}

/// <summary>An element-wise modular operation on three operands (e.g. multiply-accumulate).</summary>
internal interface IModularTernaryOperator
{
    /// <summary>False when only the scalar form is exact for this modulus.</summary>
    bool Vectorizable { get; }

    ulong Invoke(ulong x, ulong y, ulong z);

    Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y, Vector256<ulong> z);

    Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y, Vector512<ulong> z);
}

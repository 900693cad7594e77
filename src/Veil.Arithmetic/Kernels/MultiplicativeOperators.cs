using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Veil.Arithmetic.Kernels;

/// <summary>x·y mod q for x, y in [0, q): Barrett in scalars, a double-precision quotient estimate in vectors
/// (q &lt; 2^50 only; see <see cref="FloatQuotient"/>).</summary>
internal readonly struct MultiplyOperator(Modulus modulus) : IModularBinaryOperator
{
    private readonly Vector512<ulong> _q512 = Vector512.Create(modulus.Value);
    private readonly Vector256<ulong> _q256 = Vector256.Create(modulus.Value);
    private readonly Vector512<double> _inv512 = Vector512.Create(modulus.Inverse);
    private readonly Vector256<double> _inv256 = Vector256.Create(modulus.Inverse);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x, ulong y) => modulus.Multiply(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => FloatQuotient.Multiply(x, y, _inv256, _q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => FloatQuotient.Multiply(x, y, _inv512, _q512);
}

/// <summary>(x·y + z) mod q for x, y, z in [0, q).</summary>
internal readonly struct MultiplyAddOperator(Modulus modulus) : IModularTernaryOperator
{
    private readonly Vector512<ulong> _q512 = Vector512.Create(modulus.Value);
    private readonly Vector256<ulong> _q256 = Vector256.Create(modulus.Value);
    private readonly Vector512<double> _inv512 = Vector512.Create(modulus.Inverse);
    private readonly Vector256<double> _inv256 = Vector256.Create(modulus.Inverse);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x, ulong y, ulong z) => modulus.Add(modulus.Multiply(x, y), z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y, Vector256<ulong> z) =>
        FloatQuotient.ReduceOnce(FloatQuotient.Multiply(x, y, _inv256, _q256) + z, _q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y, Vector512<ulong> z) =>
        FloatQuotient.ReduceOnce(FloatQuotient.Multiply(x, y, _inv512, _q512) + z, _q512);
}

/// <summary>x·w mod q for a Shoup constant w and x in [0, q) (in vectors, any x &lt; 4q).</summary>
internal readonly struct MultiplyConstantOperator(ShoupMultiplier w, Modulus modulus) : IModularUnaryOperator
{
    private readonly Vector512<ulong> _q512 = Vector512.Create(modulus.Value);
    private readonly Vector256<ulong> _q256 = Vector256.Create(modulus.Value);
    private readonly Vector512<ulong> _w512 = Vector512.Create(w.Operand);
    private readonly Vector256<ulong> _w256 = Vector256.Create(w.Operand);
    private readonly Vector512<double> _r512 = Vector512.Create(w.Ratio);
    private readonly Vector256<double> _r256 = Vector256.Create(w.Ratio);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x) => w.Multiply(x, modulus.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x) =>
        FloatQuotient.Normalize(FloatQuotient.MultiplySigned(x, _w256, _r256, _q256), _q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x) =>
        FloatQuotient.Normalize(FloatQuotient.MultiplySigned(x, _w512, _r512, _q512), _q512);
}

/// <summary>(x·w + z) mod q for a Shoup constant w and x, z in [0, q).</summary>
internal readonly struct MultiplyConstantAddOperator(ShoupMultiplier w, Modulus modulus) : IModularBinaryOperator
{
    private readonly Vector512<ulong> _q512 = Vector512.Create(modulus.Value);
    private readonly Vector256<ulong> _q256 = Vector256.Create(modulus.Value);
    private readonly Vector512<ulong> _w512 = Vector512.Create(w.Operand);
    private readonly Vector256<ulong> _w256 = Vector256.Create(w.Operand);
    private readonly Vector512<double> _r512 = Vector512.Create(w.Ratio);
    private readonly Vector256<double> _r256 = Vector256.Create(w.Ratio);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x, ulong z) => modulus.Add(w.Multiply(x, modulus.Value), z);

    // x·w − Q·q lies in (−q, q), so z + it lies in (−q, 2q): normalize the sign, then subtract q once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> z) =>
        FloatQuotient.ReduceOnce(FloatQuotient.Normalize(FloatQuotient.MultiplySigned(x, _w256, _r256, _q256) + z, _q256), _q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> z) =>
        FloatQuotient.ReduceOnce(FloatQuotient.Normalize(FloatQuotient.MultiplySigned(x, _w512, _r512, _q512) + z, _q512), _q512);
}

/// <summary>x mod q for any 64-bit x in scalars; in vectors for x &lt; 2^52 (the caller guarantees it, e.g. residues
/// of another modulus below 2^50).</summary>
internal readonly struct ReduceSmallOperator(Modulus modulus) : IModularUnaryOperator
{
    private readonly Vector512<ulong> _q512 = Vector512.Create(modulus.Value);
    private readonly Vector256<ulong> _q256 = Vector256.Create(modulus.Value);
    private readonly Vector512<double> _inv512 = Vector512.Create(modulus.Inverse);
    private readonly Vector256<double> _inv256 = Vector256.Create(modulus.Inverse);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x) => modulus.Reduce(x);

    // Multiplying by the constant 1 with ratio 1/q: x·1/q < 2^52 keeps the quotient estimate within one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x) =>
        FloatQuotient.Normalize(FloatQuotient.MultiplySigned(x, Vector256<ulong>.One, _inv256, _q256), _q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x) =>
        FloatQuotient.Normalize(FloatQuotient.MultiplySigned(x, Vector512<ulong>.One, _inv512, _q512), _q512);
}

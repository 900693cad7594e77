using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Veil.Arithmetic.Kernels;

/// <summary>x·y mod q for x, y in [0, q): Barrett in scalars, a double-precision quotient estimate in vectors
/// (q &lt; 2^50 only; see <see cref="FloatQuotient"/>).</summary>
internal readonly struct MultiplyOperator(Modulus modulus) : IModularBinaryOperator
{
    private readonly ModulusBroadcast _m = new(modulus);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x, ulong y) => modulus.Multiply(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => _m.Multiply(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => _m.Multiply(x, y);
}

/// <summary>(x·y + z) mod q for x, y, z in [0, q).</summary>
internal readonly struct MultiplyAddOperator(Modulus modulus) : IModularTernaryOperator
{
    private readonly ModulusBroadcast _m = new(modulus);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x, ulong y, ulong z) => modulus.Add(modulus.Multiply(x, y), z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y, Vector256<ulong> z) =>
        FloatQuotient.ReduceOnce(_m.Multiply(x, y) + z, _m.Q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y, Vector512<ulong> z) =>
        FloatQuotient.ReduceOnce(_m.Multiply(x, y) + z, _m.Q512);
}

/// <summary>x·w mod q for a Shoup constant w and x in [0, q) (in vectors, any x &lt; 2^52).</summary>
internal readonly struct MultiplyConstantOperator(ShoupMultiplier w, Modulus modulus) : IModularUnaryOperator
{
    private readonly ShoupBroadcast _w = new(w, modulus);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x) => w.Multiply(x, modulus.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x) => _w.Multiply(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x) => _w.Multiply(x);
}

/// <summary>(x·w + z) mod q for a Shoup constant w and x, z in [0, q).</summary>
internal readonly struct MultiplyConstantAddOperator(ShoupMultiplier w, Modulus modulus) : IModularBinaryOperator
{
    private readonly ShoupBroadcast _w = new(w, modulus);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x, ulong z) => modulus.Add(w.Multiply(x, modulus.Value), z);

    // x·w − Q·q lies in (−q, q), so z + it lies in (−q, 2q): normalize the sign, then subtract q once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> z) =>
        FloatQuotient.ReduceOnce(FloatQuotient.Normalize(_w.MultiplySigned(x) + z, _w.Q256), _w.Q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> z) =>
        FloatQuotient.ReduceOnce(FloatQuotient.Normalize(_w.MultiplySigned(x) + z, _w.Q512), _w.Q512);
}

/// <summary>x mod q for any 64-bit x in scalars; in vectors for x &lt; 2^52 (the caller guarantees it, e.g. residues
/// of another modulus below 2^50).</summary>
internal readonly struct ReduceSmallOperator(Modulus modulus) : IModularUnaryOperator
{
    private readonly ModulusBroadcast _m = new(modulus);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x) => modulus.Reduce(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x) => _m.Reduce(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x) => _m.Reduce(x);
}

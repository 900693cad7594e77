using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Veil.Arithmetic.Kernels;

/// <summary>(x + y) mod q for x, y in [0, q): exact in vectors for every q below 2^62.</summary>
internal readonly struct AddOperator(ulong q) : IModularBinaryOperator
{
    private readonly Vector512<ulong> _q512 = Vector512.Create(q);
    private readonly Vector256<ulong> _q256 = Vector256.Create(q);

    public bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x, ulong y)
    {
        ulong s = x + y;
        return s >= q ? s - q : s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => FloatQuotient.ReduceOnce(x + y, _q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => FloatQuotient.ReduceOnce(x + y, _q512);
}

/// <summary>(x − y) mod q for x, y in [0, q).</summary>
internal readonly struct SubtractOperator(ulong q) : IModularBinaryOperator
{
    private readonly Vector512<ulong> _q512 = Vector512.Create(q);
    private readonly Vector256<ulong> _q256 = Vector256.Create(q);

    public bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x, ulong y) => x >= y ? x - y : x + q - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => FloatQuotient.ReduceOnce(x + _q256 - y, _q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => FloatQuotient.ReduceOnce(x + _q512 - y, _q512);
}

/// <summary>−x mod q for x in [0, q).</summary>
internal readonly struct NegateOperator(ulong q) : IModularUnaryOperator
{
    private readonly Vector512<ulong> _q512 = Vector512.Create(q);
    private readonly Vector256<ulong> _q256 = Vector256.Create(q);

    public bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x) => x == 0 ? 0 : q - x;

    // q − x lies in (0, q]; only x = 0 gives q, which one conditional subtraction maps to 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x) => FloatQuotient.ReduceOnce(_q256 - x, _q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x) => FloatQuotient.ReduceOnce(_q512 - x, _q512);
}

/// <summary>(x + c) mod q for x, c in [0, q).</summary>
internal readonly struct AddConstantOperator(ulong c, ulong q) : IModularUnaryOperator
{
    private readonly Vector512<ulong> _q512 = Vector512.Create(q);
    private readonly Vector256<ulong> _q256 = Vector256.Create(q);
    private readonly Vector512<ulong> _c512 = Vector512.Create(c);
    private readonly Vector256<ulong> _c256 = Vector256.Create(c);

    public bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x)
    {
        ulong s = x + c;
        return s >= q ? s - q : s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x) => FloatQuotient.ReduceOnce(x + _c256, _q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x) => FloatQuotient.ReduceOnce(x + _c512, _q512);
}

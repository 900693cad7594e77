using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Veil.Arithmetic.Kernels;

/// <summary>
/// The centered representative of x modulo a source prime s, reduced modulo a target prime t: x ↦ (x ≤ s/2 ? x : x − s)
/// mod t. It moves one residue row to another prime without the bias of the [0, s) lift (the step of rescaling, and of
/// ModUp and ModDown when a digit or P is a single prime). Vector form for s, t &lt; 2^50.
/// </summary>
internal readonly struct LiftCenteredOperator(Modulus source, Modulus target) : IModularUnaryOperator
{
    private readonly ulong _half = source.Value >> 1;
    private readonly Vector512<ulong> _s512 = Vector512.Create(source.Value), _half512 = Vector512.Create(source.Value >> 1);
    private readonly Vector256<ulong> _s256 = Vector256.Create(source.Value), _half256 = Vector256.Create(source.Value >> 1);
    private readonly ModulusBroadcast _t = new(target);

    public bool Vectorizable => source.SupportsVectorKernels && target.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x) => x <= _half ? target.Reduce(x) : target.Negate(target.Reduce(source.Value - x));

    // |centered x| < s/2 < 2^49 is exact in a double, so its quotient by t is estimated within one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x)
    {
        var negative = Vector256.GreaterThan(x, _half256);
        var r = _t.Reduce(Vector256.ConditionalSelect(negative, _s256 - x, x));
        return Vector256.ConditionalSelect(negative, FloatQuotient.ReduceOnce(_t.Q256 - r, _t.Q256), r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x)
    {
        var negative = Vector512.GreaterThan(x, _half512);
        var r = _t.Reduce(Vector512.ConditionalSelect(negative, _s512 - x, x));
        return Vector512.ConditionalSelect(negative, FloatQuotient.ReduceOnce(_t.Q512 - r, _t.Q512), r);
    }
}

/// <summary>(x − y)·w mod q for x, y in [0, q) and a Shoup constant w: the last step of rescaling and ModDown.</summary>
internal readonly struct SubtractMultiplyConstantOperator(ShoupMultiplier w, Modulus modulus) : IModularBinaryOperator
{
    private readonly ShoupBroadcast _w = new(w, modulus);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x, ulong y) => w.Multiply(x + modulus.Value - y, modulus.Value);

    // x + q − y lies in (0, 2q): a valid input of the quotient estimate.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => _w.Multiply(x + _w.Q256 - y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => _w.Multiply(x + _w.Q512 - y);
}

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
    private readonly Vector512<ulong> _s512 = Vector512.Create(source.Value), _t512 = Vector512.Create(target.Value), _half512 = Vector512.Create(source.Value >> 1);
    private readonly Vector256<ulong> _s256 = Vector256.Create(source.Value), _t256 = Vector256.Create(target.Value), _half256 = Vector256.Create(source.Value >> 1);
    private readonly Vector512<double> _inv512 = Vector512.Create(target.Inverse);
    private readonly Vector256<double> _inv256 = Vector256.Create(target.Inverse);

    public bool Vectorizable => source.SupportsVectorKernels && target.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x) => x <= _half ? target.Reduce(x) : target.Negate(target.Reduce(source.Value - x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x)
    {
        // |centered x| < s/2 < 2^49 is exact in a double, so its quotient by t is estimated within one.
        var negative = Vector256.GreaterThan(x, _half256);
        var magnitude = Vector256.ConditionalSelect(negative, _s256 - x, x);
        var t = Vector256.FusedMultiplyAdd(FloatQuotient.ToDouble(magnitude), _inv256, Vector256.Create(FloatQuotient.Magic));
        var r = FloatQuotient.Normalize(magnitude - ((t.AsUInt64() ^ Vector256.Create(FloatQuotient.MagicBits)) * _t256), _t256);
        return Vector256.ConditionalSelect(negative, FloatQuotient.ReduceOnce(_t256 - r, _t256), r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x)
    {
        var negative = Vector512.GreaterThan(x, _half512);
        var magnitude = Vector512.ConditionalSelect(negative, _s512 - x, x);
        var t = Vector512.FusedMultiplyAdd(FloatQuotient.ToDouble(magnitude), _inv512, Vector512.Create(FloatQuotient.Magic));
        var r = FloatQuotient.Normalize(magnitude - ((t.AsUInt64() ^ Vector512.Create(FloatQuotient.MagicBits)) * _t512), _t512);
        return Vector512.ConditionalSelect(negative, FloatQuotient.ReduceOnce(_t512 - r, _t512), r);
    }
}

/// <summary>(x − y)·w mod q for x, y in [0, q) and a Shoup constant w: the last step of rescaling and ModDown.</summary>
internal readonly struct SubtractMultiplyConstantOperator(ShoupMultiplier w, Modulus modulus) : IModularBinaryOperator
{
    private readonly Vector512<ulong> _q512 = Vector512.Create(modulus.Value);
    private readonly Vector256<ulong> _q256 = Vector256.Create(modulus.Value);
    private readonly Vector512<ulong> _w512 = Vector512.Create(w.Operand);
    private readonly Vector256<ulong> _w256 = Vector256.Create(w.Operand);
    private readonly Vector512<double> _r512 = Vector512.Create(w.Ratio);
    private readonly Vector256<double> _r256 = Vector256.Create(w.Ratio);

    public bool Vectorizable => modulus.SupportsVectorKernels;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x, ulong y) => w.Multiply(x + modulus.Value - y, modulus.Value);

    // x + q − y lies in (0, 2q): a valid input of the quotient estimate.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) =>
        FloatQuotient.Normalize(FloatQuotient.MultiplySigned(x + _q256 - y, _w256, _r256, _q256), _q256);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) =>
        FloatQuotient.Normalize(FloatQuotient.MultiplySigned(x + _q512 - y, _w512, _r512, _q512), _q512);
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Veil.Arithmetic.Kernels;

/// <summary>A modulus broadcast to 512- and 256-bit lanes, with its variable-by-variable product.</summary>
internal readonly struct ModulusBroadcast(Modulus modulus)
{
    public readonly Vector512<ulong> Q512 = Vector512.Create(modulus.Value);
    public readonly Vector256<ulong> Q256 = Vector256.Create(modulus.Value);
    private readonly Vector512<double> _inverse512 = Vector512.Create(modulus.Inverse);
    private readonly Vector256<double> _inverse256 = Vector256.Create(modulus.Inverse);

    /// <summary>x·y mod q in [0, q) for x, y in [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Multiply(Vector512<ulong> x, Vector512<ulong> y) => FloatQuotient.Multiply(x, y, _inverse512, Q512);

    /// <summary>x·y mod q in [0, q) for x, y in [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Multiply(Vector256<ulong> x, Vector256<ulong> y) => FloatQuotient.Multiply(x, y, _inverse256, Q256);

    /// <summary>x mod q in [0, q) for x &lt; 2^52: the quotient of x by q estimated in a double, then one correction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Reduce(Vector512<ulong> x)
    {
        var t = Vector512.FusedMultiplyAdd(FloatQuotient.ToDouble(x), _inverse512, Vector512.Create(FloatQuotient.Magic));
        return FloatQuotient.Normalize(x - ((t.AsUInt64() ^ Vector512.Create(FloatQuotient.MagicBits)) * Q512), Q512);
    }

    /// <summary>x mod q in [0, q) for x &lt; 2^52.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Reduce(Vector256<ulong> x)
    {
        var t = Vector256.FusedMultiplyAdd(FloatQuotient.ToDouble(x), _inverse256, Vector256.Create(FloatQuotient.Magic));
        return FloatQuotient.Normalize(x - ((t.AsUInt64() ^ Vector256.Create(FloatQuotient.MagicBits)) * Q256), Q256);
    }
}

/// <summary>A Shoup constant w modulo q broadcast to 512- and 256-bit lanes (w, w/q and q).</summary>
internal readonly struct ShoupBroadcast(ShoupMultiplier w, Modulus modulus)
{
    public readonly Vector512<ulong> Q512 = Vector512.Create(modulus.Value);
    public readonly Vector256<ulong> Q256 = Vector256.Create(modulus.Value);
    private readonly Vector512<ulong> _w512 = Vector512.Create(w.Operand);
    private readonly Vector256<ulong> _w256 = Vector256.Create(w.Operand);
    private readonly Vector512<double> _ratio512 = Vector512.Create(w.Ratio);
    private readonly Vector256<double> _ratio256 = Vector256.Create(w.Ratio);

    /// <summary>x·w − round(x·w/q)·q in (−q, q), as two's complement, for x &lt; 2^52.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> MultiplySigned(Vector512<ulong> x) => FloatQuotient.MultiplySigned(x, _w512, _ratio512, Q512);

    /// <summary>x·w − round(x·w/q)·q in (−q, q), as two's complement, for x &lt; 2^52.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> MultiplySigned(Vector256<ulong> x) => FloatQuotient.MultiplySigned(x, _w256, _ratio256, Q256);

    /// <summary>x·w mod q in [0, q) for x &lt; 2^52.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Multiply(Vector512<ulong> x) => FloatQuotient.Normalize(MultiplySigned(x), Q512);

    /// <summary>x·w mod q in [0, q) for x &lt; 2^52.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Multiply(Vector256<ulong> x) => FloatQuotient.Normalize(MultiplySigned(x), Q256);
}

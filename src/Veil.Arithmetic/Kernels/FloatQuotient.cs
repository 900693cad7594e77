using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Veil.Arithmetic.Kernels;

/// <summary>
/// Modular products in SIMD registers without a 64×64→128-bit multiply (.NET exposes no IFMA): the quotient
/// round(x·w/q) is estimated in double precision with one fused multiply-add, and the remainder x·w − Q·q is then
/// exact in 64-bit wrapping arithmetic (two <c>vpmullq</c>).
/// </summary>
/// <remarks>
/// <para>Why it is exact. Adding 2^52 inside the FMA rounds the exact product t' = x·(w/q)' to the nearest integer Q
/// and leaves Q in the low mantissa bits (valid while t' &lt; 2^52). The ratio (w/q)' carries a relative error of at
/// most 2^-53, so |t' − x·w/q| &lt; 0.5 whenever x·w/q &lt; 2^52, hence |Q − x·w/q| &lt; 1 and the true remainder
/// x·w − Q·q lies in (−q, q). Computing it modulo 2^64 is exact, so the two's-complement result is the signed
/// remainder.</para>
/// <para>Preconditions: x &lt; 2^52 (exact as a double) and x·w/q &lt; 2^52, e.g. x &lt; 4q with q &lt; 2^50.</para>
/// Thread-safety: stateless.
/// </remarks>
internal static class FloatQuotient
{
    /// <summary>2^52: added in the FMA to round to an integer held in the low mantissa bits.</summary>
    public const double Magic = 4503599627370496.0;

    /// <summary>The bit pattern of <see cref="Magic"/>.</summary>
    public const ulong MagicBits = 0x4330000000000000UL;

    /// <summary>Converts lanes below 2^52 to doubles exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ToDouble(Vector512<ulong> x) =>
        Avx512DQ.IsSupported ? Avx512DQ.ConvertToVector512Double(x) : (x | Vector512.Create(MagicBits)).AsDouble() - Vector512.Create(Magic);

    /// <summary>Converts lanes below 2^52 to doubles exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ToDouble(Vector256<ulong> x) =>
        Avx512DQ.VL.IsSupported ? Avx512DQ.VL.ConvertToVector256Double(x) : (x | Vector256.Create(MagicBits)).AsDouble() - Vector256.Create(Magic);

    /// <summary>Returns x·w − round(x·w/q)·q in (−q, q) as a two's-complement lane (see the remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> MultiplySigned(Vector512<ulong> x, Vector512<ulong> w, Vector512<double> ratio, Vector512<ulong> q)
    {
        Vector512<double> t = Vector512.FusedMultiplyAdd(ToDouble(x), ratio, Vector512.Create(Magic));
        Vector512<ulong> quotient = t.AsUInt64() ^ Vector512.Create(MagicBits);
        return (x * w) - (quotient * q);
    }

    /// <summary>Returns x·w − round(x·w/q)·q in (−q, q) as a two's-complement lane (see the remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplySigned(Vector256<ulong> x, Vector256<ulong> w, Vector256<double> ratio, Vector256<ulong> q)
    {
        Vector256<double> t = Vector256.FusedMultiplyAdd(ToDouble(x), ratio, Vector256.Create(Magic));
        Vector256<ulong> quotient = t.AsUInt64() ^ Vector256.Create(MagicBits);
        return (x * w) - (quotient * q);
    }

    /// <summary>Returns a·b mod q in [0, q) for a, b in [0, q), q &lt; 2^50.</summary>
    /// <remarks>The product of the two doubles has relative error 2^-53 and 1/q another 2^-53, so the estimate of
    /// a·b/q &lt; 2^50 is within 0.26 before rounding; the remainder lies in (−q, q) and one correction finishes.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Multiply(Vector512<ulong> a, Vector512<ulong> b, Vector512<double> inverse, Vector512<ulong> q)
    {
        Vector512<double> t = Vector512.FusedMultiplyAdd(ToDouble(a) * ToDouble(b), inverse, Vector512.Create(Magic));
        Vector512<ulong> quotient = t.AsUInt64() ^ Vector512.Create(MagicBits);
        return Normalize((a * b) - (quotient * q), q);
    }

    /// <summary>Returns a·b mod q in [0, q) for a, b in [0, q), q &lt; 2^50.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Multiply(Vector256<ulong> a, Vector256<ulong> b, Vector256<double> inverse, Vector256<ulong> q)
    {
        Vector256<double> t = Vector256.FusedMultiplyAdd(ToDouble(a) * ToDouble(b), inverse, Vector256.Create(Magic));
        Vector256<ulong> quotient = t.AsUInt64() ^ Vector256.Create(MagicBits);
        return Normalize((a * b) - (quotient * q), q);
    }

    /// <summary>Maps a signed lane in (−q, q) to [0, q): a negative lane is huge unsigned, and adding q makes it the
    /// smaller of the two; a non-negative lane is already the smaller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Normalize(Vector512<ulong> r, Vector512<ulong> q) => Vector512.Min(r, r + q);

    /// <summary>Maps a signed lane in (−q, q) to [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Normalize(Vector256<ulong> r, Vector256<ulong> q) => Vector256.Min(r, r + q);

    /// <summary>Subtracts <paramref name="bound"/> from lanes at or above it (x in [0, 2·bound) → [0, bound)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> ReduceOnce(Vector512<ulong> x, Vector512<ulong> bound) => Vector512.Min(x, x - bound);

    /// <summary>Subtracts <paramref name="bound"/> from lanes at or above it (x in [0, 2·bound) → [0, bound)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> ReduceOnce(Vector256<ulong> x, Vector256<ulong> bound) => Vector256.Min(x, x - bound);

    /// <summary>True when this process runs the 512-bit kernels.</summary>
    public static bool Use512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>True when this process runs the 256-bit kernels (with fused multiply-add, needed for exactness).</summary>
    public static bool Use256 => Vector256.IsHardwareAccelerated && Fma.IsSupported && Avx2.IsSupported;
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Veil.Arithmetic.Kernels;

namespace Veil.Arithmetic;

/// <summary>An NTT butterfly on pairs of vectors (X, Y) with twiddle w (and w/q), at 512 and 256 bits.</summary>
internal interface IVectorButterfly
{
    static abstract void Apply(
        ref Vector512<ulong> x, ref Vector512<ulong> y, Vector512<ulong> w, Vector512<double> ratio, Vector512<ulong> q, Vector512<ulong> twoQ);

    static abstract void Apply(
        ref Vector256<ulong> x, ref Vector256<ulong> y, Vector256<ulong> w, Vector256<double> ratio, Vector256<ulong> q, Vector256<ulong> twoQ);
}

/// <summary>
/// Harvey's forward (Cooley-Tukey) butterfly: X in [0, 4q) is brought to [0, 2q); R = w·Y − Q·q lies in (−q, q) for
/// Y &lt; 4q (q &lt; 2^50); the outputs X + q + R and X + q − R lie in (0, 4q).
/// </summary>
internal readonly struct CooleyTukeyButterfly : IVectorButterfly
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(
        ref Vector512<ulong> x, ref Vector512<ulong> y, Vector512<ulong> w, Vector512<double> ratio, Vector512<ulong> q, Vector512<ulong> twoQ)
    {
        var u = FloatQuotient.ReduceOnce(x, twoQ) + q;
        var r = FloatQuotient.MultiplySigned(y, w, ratio, q);
        x = u + r;
        y = u - r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(
        ref Vector256<ulong> x, ref Vector256<ulong> y, Vector256<ulong> w, Vector256<double> ratio, Vector256<ulong> q, Vector256<ulong> twoQ)
    {
        var u = FloatQuotient.ReduceOnce(x, twoQ) + q;
        var r = FloatQuotient.MultiplySigned(y, w, ratio, q);
        x = u + r;
        y = u - r;
    }
}

/// <summary>
/// Harvey's inverse (Gentleman-Sande) butterfly: X, Y in [0, 2q); X + Y is brought back to [0, 2q); (X − Y + 2q)·w
/// gives R in (−q, q), and R + q lies in (0, 2q).
/// </summary>
internal readonly struct GentlemanSandeButterfly : IVectorButterfly
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(
        ref Vector512<ulong> x, ref Vector512<ulong> y, Vector512<ulong> w, Vector512<double> ratio, Vector512<ulong> q, Vector512<ulong> twoQ)
    {
        var u = x;
        x = FloatQuotient.ReduceOnce(u + y, twoQ);
        y = FloatQuotient.MultiplySigned(u - y + twoQ, w, ratio, q) + q;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(
        ref Vector256<ulong> x, ref Vector256<ulong> y, Vector256<ulong> w, Vector256<double> ratio, Vector256<ulong> q, Vector256<ulong> twoQ)
    {
        var u = x;
        x = FloatQuotient.ReduceOnce(u + y, twoQ);
        y = FloatQuotient.MultiplySigned(u - y + twoQ, w, ratio, q) + q;
    }
}

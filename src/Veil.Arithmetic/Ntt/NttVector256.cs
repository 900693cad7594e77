using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Veil.Arithmetic.Kernels;

namespace Veil.Arithmetic;

/// <summary>
/// The NTT on 256-bit vectors (4 residues a register; AVX2 with FMA) for q &lt; 2^50: the fallback where 512-bit
/// vectors are missing or disabled. Same butterflies and ranges as <see cref="NttVector512"/>; the three narrowest
/// stages run on blocks of 8 residues, reordered with <c>vperm2i128</c> and <c>vpunpck[lh]qdq</c>.
/// </summary>
internal static class NttVector256
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<ulong> values, NttTables tables, bool lazy)
    {
        int n = tables.N;
        var q = Vector256.Create(tables.Modulus.Value);
        var twoQ = q + q;
        ref ulong a = ref MemoryMarshal.GetReference(values);
        ulong[] roots = tables.Roots;
        double[] ratios = tables.RootRatios;

        int m = 1, t = n >> 1;
        for (; t >= 8; m <<= 1, t >>= 1)
        {
            Stage<CooleyTukeyButterfly>(ref a, roots, ratios, m, t, q, twoQ);
        }

        // Stages t = 4, 2, 1 on blocks of 8: t=2 pairs lanes X = 0,1,4,5 with Y = 2,3,6,7; t=1 pairs evens with odds.
        ref ulong by2 = ref MemoryMarshal.GetArrayDataReference(tables.RootsBy2);
        ref double by2Ratio = ref MemoryMarshal.GetArrayDataReference(tables.RootRatiosBy2);
        ref ulong by1 = ref MemoryMarshal.GetArrayDataReference(roots);
        ref double by1Ratio = ref MemoryMarshal.GetArrayDataReference(ratios);
        int half = n >> 1, eighth = n >> 3;
        for (int k = 0; k < n >> 3; k++)
        {
            ref ulong block = ref Unsafe.Add(ref a, 8 * k);
            var x = Vector256.LoadUnsafe(ref block);
            var y = Vector256.LoadUnsafe(ref block, 4);
            CooleyTukeyButterfly.Apply(ref x, ref y, Vector256.Create(roots[eighth + k]), Vector256.Create(ratios[eighth + k]), q, twoQ);

            var x2 = Avx2.Permute2x128(x, y, 0x20);
            var y2 = Avx2.Permute2x128(x, y, 0x31);
            CooleyTukeyButterfly.Apply(ref x2, ref y2, Vector256.LoadUnsafe(ref by2, (nuint)(4 * k)), Vector256.LoadUnsafe(ref by2Ratio, (nuint)(4 * k)), q, twoQ);

            var x1 = Avx2.UnpackLow(x2, y2);
            var y1 = Avx2.UnpackHigh(x2, y2);
            CooleyTukeyButterfly.Apply(ref x1, ref y1, Vector256.LoadUnsafe(ref by1, (nuint)(half + (4 * k))), Vector256.LoadUnsafe(ref by1Ratio, (nuint)(half + (4 * k))), q, twoQ);

            if (!lazy)
            {
                x1 = FloatQuotient.ReduceOnce(FloatQuotient.ReduceOnce(x1, twoQ), q);
                y1 = FloatQuotient.ReduceOnce(FloatQuotient.ReduceOnce(y1, twoQ), q);
            }

            var low = Avx2.UnpackLow(x1, y1);
            var high = Avx2.UnpackHigh(x1, y1);
            Avx2.Permute2x128(low, high, 0x20).StoreUnsafe(ref block);
            Avx2.Permute2x128(low, high, 0x31).StoreUnsafe(ref block, 4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Inverse(Span<ulong> values, NttTables tables, bool lazy)
    {
        int n = tables.N;
        var q = Vector256.Create(tables.Modulus.Value);
        var twoQ = q + q;
        ref ulong a = ref MemoryMarshal.GetReference(values);
        ulong[] roots = tables.InverseRoots;
        double[] ratios = tables.InverseRootRatios;

        ref ulong by2 = ref MemoryMarshal.GetArrayDataReference(tables.InverseRootsBy2);
        ref double by2Ratio = ref MemoryMarshal.GetArrayDataReference(tables.InverseRootRatiosBy2);
        ref ulong by1 = ref MemoryMarshal.GetArrayDataReference(roots);
        ref double by1Ratio = ref MemoryMarshal.GetArrayDataReference(ratios);
        int half = n >> 1, eighth = n >> 3;
        for (int k = 0; k < n >> 3; k++)
        {
            ref ulong block = ref Unsafe.Add(ref a, 8 * k);
            var low = Vector256.LoadUnsafe(ref block);
            var high = Vector256.LoadUnsafe(ref block, 4);
            var lo = Avx2.Permute2x128(low, high, 0x20);
            var hi = Avx2.Permute2x128(low, high, 0x31);
            var x1 = Avx2.UnpackLow(lo, hi);
            var y1 = Avx2.UnpackHigh(lo, hi);
            GentlemanSandeButterfly.Apply(ref x1, ref y1, Vector256.LoadUnsafe(ref by1, (nuint)(half + (4 * k))), Vector256.LoadUnsafe(ref by1Ratio, (nuint)(half + (4 * k))), q, twoQ);

            var x2 = Avx2.UnpackLow(x1, y1);
            var y2 = Avx2.UnpackHigh(x1, y1);
            GentlemanSandeButterfly.Apply(ref x2, ref y2, Vector256.LoadUnsafe(ref by2, (nuint)(4 * k)), Vector256.LoadUnsafe(ref by2Ratio, (nuint)(4 * k)), q, twoQ);

            var x4 = Avx2.Permute2x128(x2, y2, 0x20);
            var y4 = Avx2.Permute2x128(x2, y2, 0x31);
            GentlemanSandeButterfly.Apply(ref x4, ref y4, Vector256.Create(roots[eighth + k]), Vector256.Create(ratios[eighth + k]), q, twoQ);
            x4.StoreUnsafe(ref block);
            y4.StoreUnsafe(ref block, 4);
        }

        int m = n >> 4, t = 8;
        for (; m > 1; m >>= 1, t <<= 1)
        {
            Stage<GentlemanSandeButterfly>(ref a, roots, ratios, m, t, q, twoQ);
        }

        var nInverse = Vector256.Create(tables.NInverse.Operand);
        var nInverseRatio = Vector256.Create(tables.NInverse.Ratio);
        var last = Vector256.Create(tables.LastInverseRoot.Operand);
        var lastRatio = Vector256.Create(tables.LastInverseRoot.Ratio);
        for (int j = 0; j < t; j += 4)
        {
            var u = Vector256.LoadUnsafe(ref a, (nuint)j);
            var v = Vector256.LoadUnsafe(ref a, (nuint)(j + t));
            var s = FloatQuotient.MultiplySigned(u + v, nInverse, nInverseRatio, q);
            var d = FloatQuotient.MultiplySigned(u - v + twoQ, last, lastRatio, q);
            s = lazy ? s + q : FloatQuotient.Normalize(s, q);
            d = lazy ? d + q : FloatQuotient.Normalize(d, q);
            s.StoreUnsafe(ref a, (nuint)j);
            d.StoreUnsafe(ref a, (nuint)(j + t));
        }
    }

    /// <summary>One stage of butterflies of half-width t ≥ one vector: group i (of m) pairs [2it, 2it + t) with
    /// [2it + t, 2it + 2t) under the broadcast twiddle roots[m + i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Stage<TButterfly>(ref ulong a, ulong[] roots, double[] ratios, int m, int t, Vector256<ulong> q, Vector256<ulong> twoQ)
        where TButterfly : struct, IVectorButterfly
    {
        for (int i = 0; i < m; i++)
        {
            var w = Vector256.Create(roots[m + i]);
            var r = Vector256.Create(ratios[m + i]);
            ref ulong x = ref Unsafe.Add(ref a, 2 * i * t);
            for (int j = 0; j < t; j += 4)
            {
                var u = Vector256.LoadUnsafe(ref x, (nuint)j);
                var v = Vector256.LoadUnsafe(ref x, (nuint)(j + t));
                TButterfly.Apply(ref u, ref v, w, r, q, twoQ);
                u.StoreUnsafe(ref x, (nuint)j);
                v.StoreUnsafe(ref x, (nuint)(j + t));
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Veil.Arithmetic.Kernels;

namespace Veil.Arithmetic;

/// <summary>
/// The NTT on 512-bit vectors (8 residues a register) for q &lt; 2^50, with the double-precision quotient estimate of
/// <see cref="FloatQuotient"/>. Stages whose butterflies span at least 16 residues stream through memory; the four
/// narrowest stages run on blocks of 16 residues held in two registers, reordered with <c>vpermt2q</c>.
/// </summary>
/// <remarks>
/// Forward butterfly: X in [0, 4q) is reduced to [0, 2q); R = W·Y − Q·q lies in (−q, q) for Y &lt; 4q; the outputs
/// X + q + R and X + q − R lie in (0, 4q). Inverse butterfly: X, Y in [0, 2q); X + Y is reduced to [0, 2q);
/// (X − Y + 2q)·W gives R in (−q, q) and R + q in (0, 2q).
/// </remarks>
internal static class NttVector512
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<ulong> values, NttTables tables, bool lazy)
    {
        int n = tables.N;
        var q = Vector512.Create(tables.Modulus.Value);
        var twoQ = q + q;
        ref ulong a = ref MemoryMarshal.GetReference(values);
        ulong[] roots = tables.Roots;
        double[] ratios = tables.RootRatios;

        int m = 1, t = n >> 1;
        for (; t >= 16; m <<= 1, t >>= 1)
        {
            Stage<CooleyTukeyButterfly>(ref a, roots, ratios, m, t, q, twoQ);
        }

        // Stages t = 8, 4, 2, 1 on blocks of 16. Lane maps (indices into the 16 residues of the block; 0-7 first register):
        //   t=4: X = 0,1,2,3,8,9,10,11  Y = 4,5,6,7,12,13,14,15
        //   t=2: X = 0,1,4,5,8,9,12,13  Y = 2,3,6,7,10,11,14,15
        //   t=1: X = even, Y = odd
        var toT4X = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11);
        var toT4Y = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);
        var toT2X = Vector512.Create(0UL, 1, 8, 9, 4, 5, 12, 13);
        var toT2Y = Vector512.Create(2UL, 3, 10, 11, 6, 7, 14, 15);
        var toT1X = Vector512.Create(0UL, 8, 2, 10, 4, 12, 6, 14);
        var toT1Y = Vector512.Create(1UL, 9, 3, 11, 5, 13, 7, 15);
        var outLow = Vector512.Create(0UL, 8, 1, 9, 2, 10, 3, 11);
        var outHigh = Vector512.Create(4UL, 12, 5, 13, 6, 14, 7, 15);
        ref ulong by4 = ref MemoryMarshal.GetArrayDataReference(tables.RootsBy4);
        ref double by4Ratio = ref MemoryMarshal.GetArrayDataReference(tables.RootRatiosBy4);
        ref ulong by2 = ref MemoryMarshal.GetArrayDataReference(tables.RootsBy2);
        ref double by2Ratio = ref MemoryMarshal.GetArrayDataReference(tables.RootRatiosBy2);
        ref ulong by1 = ref MemoryMarshal.GetArrayDataReference(roots);
        ref double by1Ratio = ref MemoryMarshal.GetArrayDataReference(ratios);
        int half = n >> 1, sixteenth = n >> 4;
        for (int k = 0; k < n >> 4; k++)
        {
            ref ulong block = ref Unsafe.Add(ref a, 16 * k);
            var x = Vector512.LoadUnsafe(ref block);
            var y = Vector512.LoadUnsafe(ref block, 8);
            CooleyTukeyButterfly.Apply(ref x, ref y, Vector512.Create(roots[sixteenth + k]), Vector512.Create(ratios[sixteenth + k]), q, twoQ);

            var x4 = Avx512F.PermuteVar8x64x2(x, toT4X, y);
            var y4 = Avx512F.PermuteVar8x64x2(x, toT4Y, y);
            CooleyTukeyButterfly.Apply(ref x4, ref y4, Vector512.LoadUnsafe(ref by4, (nuint)(8 * k)), Vector512.LoadUnsafe(ref by4Ratio, (nuint)(8 * k)), q, twoQ);

            var x2 = Avx512F.PermuteVar8x64x2(x4, toT2X, y4);
            var y2 = Avx512F.PermuteVar8x64x2(x4, toT2Y, y4);
            CooleyTukeyButterfly.Apply(ref x2, ref y2, Vector512.LoadUnsafe(ref by2, (nuint)(8 * k)), Vector512.LoadUnsafe(ref by2Ratio, (nuint)(8 * k)), q, twoQ);

            var x1 = Avx512F.PermuteVar8x64x2(x2, toT1X, y2);
            var y1 = Avx512F.PermuteVar8x64x2(x2, toT1Y, y2);
            CooleyTukeyButterfly.Apply(ref x1, ref y1, Vector512.LoadUnsafe(ref by1, (nuint)(half + (8 * k))), Vector512.LoadUnsafe(ref by1Ratio, (nuint)(half + (8 * k))), q, twoQ);

            if (!lazy)
            {
                x1 = FloatQuotient.ReduceOnce(FloatQuotient.ReduceOnce(x1, twoQ), q);
                y1 = FloatQuotient.ReduceOnce(FloatQuotient.ReduceOnce(y1, twoQ), q);
            }

            Avx512F.PermuteVar8x64x2(x1, outLow, y1).StoreUnsafe(ref block);
            Avx512F.PermuteVar8x64x2(x1, outHigh, y1).StoreUnsafe(ref block, 8);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Inverse(Span<ulong> values, NttTables tables, bool lazy)
    {
        int n = tables.N;
        var q = Vector512.Create(tables.Modulus.Value);
        var twoQ = q + q;
        ref ulong a = ref MemoryMarshal.GetReference(values);
        ulong[] roots = tables.InverseRoots;
        double[] ratios = tables.InverseRootRatios;

        // Stages t = 1, 2, 4, 8 on blocks of 16 (the lane maps mirror the forward transform's).
        var evens = Vector512.Create(0UL, 2, 4, 6, 8, 10, 12, 14);
        var odds = Vector512.Create(1UL, 3, 5, 7, 9, 11, 13, 15);
        var toT2X = Vector512.Create(0UL, 8, 2, 10, 4, 12, 6, 14);
        var toT2Y = Vector512.Create(1UL, 9, 3, 11, 5, 13, 7, 15);
        var toT4X = Vector512.Create(0UL, 1, 8, 9, 4, 5, 12, 13);
        var toT4Y = Vector512.Create(2UL, 3, 10, 11, 6, 7, 14, 15);
        var toT8X = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11);
        var toT8Y = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);
        ref ulong by4 = ref MemoryMarshal.GetArrayDataReference(tables.InverseRootsBy4);
        ref double by4Ratio = ref MemoryMarshal.GetArrayDataReference(tables.InverseRootRatiosBy4);
        ref ulong by2 = ref MemoryMarshal.GetArrayDataReference(tables.InverseRootsBy2);
        ref double by2Ratio = ref MemoryMarshal.GetArrayDataReference(tables.InverseRootRatiosBy2);
        ref ulong by1 = ref MemoryMarshal.GetArrayDataReference(roots);
        ref double by1Ratio = ref MemoryMarshal.GetArrayDataReference(ratios);
        int half = n >> 1, sixteenth = n >> 4;
        for (int k = 0; k < n >> 4; k++)
        {
            ref ulong block = ref Unsafe.Add(ref a, 16 * k);
            var low = Vector512.LoadUnsafe(ref block);
            var high = Vector512.LoadUnsafe(ref block, 8);
            var x1 = Avx512F.PermuteVar8x64x2(low, evens, high);
            var y1 = Avx512F.PermuteVar8x64x2(low, odds, high);
            GentlemanSandeButterfly.Apply(ref x1, ref y1, Vector512.LoadUnsafe(ref by1, (nuint)(half + (8 * k))), Vector512.LoadUnsafe(ref by1Ratio, (nuint)(half + (8 * k))), q, twoQ);

            var x2 = Avx512F.PermuteVar8x64x2(x1, toT2X, y1);
            var y2 = Avx512F.PermuteVar8x64x2(x1, toT2Y, y1);
            GentlemanSandeButterfly.Apply(ref x2, ref y2, Vector512.LoadUnsafe(ref by2, (nuint)(8 * k)), Vector512.LoadUnsafe(ref by2Ratio, (nuint)(8 * k)), q, twoQ);

            var x4 = Avx512F.PermuteVar8x64x2(x2, toT4X, y2);
            var y4 = Avx512F.PermuteVar8x64x2(x2, toT4Y, y2);
            GentlemanSandeButterfly.Apply(ref x4, ref y4, Vector512.LoadUnsafe(ref by4, (nuint)(8 * k)), Vector512.LoadUnsafe(ref by4Ratio, (nuint)(8 * k)), q, twoQ);

            var x8 = Avx512F.PermuteVar8x64x2(x4, toT8X, y4);
            var y8 = Avx512F.PermuteVar8x64x2(x4, toT8Y, y4);
            GentlemanSandeButterfly.Apply(ref x8, ref y8, Vector512.Create(roots[sixteenth + k]), Vector512.Create(ratios[sixteenth + k]), q, twoQ);
            x8.StoreUnsafe(ref block);
            y8.StoreUnsafe(ref block, 8);
        }

        int m = n >> 5, t = 16;
        for (; m > 1; m >>= 1, t <<= 1)
        {
            Stage<GentlemanSandeButterfly>(ref a, roots, ratios, m, t, q, twoQ);
        }

        // Last stage (m = 1, t = N/2), 1/N folded in: both products are (X±Y)·c − Q·q in (−q, q) for inputs below 4q.
        var nInverse = Vector512.Create(tables.NInverse.Operand);
        var nInverseRatio = Vector512.Create(tables.NInverse.Ratio);
        var last = Vector512.Create(tables.LastInverseRoot.Operand);
        var lastRatio = Vector512.Create(tables.LastInverseRoot.Ratio);
        for (int j = 0; j < t; j += 8)
        {
            var u = Vector512.LoadUnsafe(ref a, (nuint)j);
            var v = Vector512.LoadUnsafe(ref a, (nuint)(j + t));
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
    private static void Stage<TButterfly>(ref ulong a, ulong[] roots, double[] ratios, int m, int t, Vector512<ulong> q, Vector512<ulong> twoQ)
        where TButterfly : struct, IVectorButterfly
    {
        for (int i = 0; i < m; i++)
        {
            var w = Vector512.Create(roots[m + i]);
            var r = Vector512.Create(ratios[m + i]);
            ref ulong x = ref Unsafe.Add(ref a, 2 * i * t);
            for (int j = 0; j < t; j += 8)
            {
                var u = Vector512.LoadUnsafe(ref x, (nuint)j);
                var v = Vector512.LoadUnsafe(ref x, (nuint)(j + t));
                TButterfly.Apply(ref u, ref v, w, r, q, twoQ);
                u.StoreUnsafe(ref x, (nuint)j);
                v.StoreUnsafe(ref x, (nuint)(j + t));
            }
        }
    }
}

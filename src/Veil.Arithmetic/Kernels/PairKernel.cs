using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Veil.Arithmetic.Kernels;

/// <summary>The dual multiply-accumulate of key switching: one load of x feeds two products and two accumulators.</summary>
internal static class PairKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y0, ReadOnlySpan<ulong> y1, Span<ulong> d0, Span<ulong> d1, Modulus modulus, bool accumulate)
    {
        int n = x.Length, i = 0;
        ref ulong rx = ref MemoryMarshal.GetReference(x);
        ref ulong ry0 = ref MemoryMarshal.GetReference(y0);
        ref ulong ry1 = ref MemoryMarshal.GetReference(y1);
        ref ulong rd0 = ref MemoryMarshal.GetReference(d0);
        ref ulong rd1 = ref MemoryMarshal.GetReference(d1);
        if (modulus.SupportsVectorKernels && FloatQuotient.Use512)
        {
            var q = Vector512.Create(modulus.Value);
            var inverse = Vector512.Create(modulus.Inverse);
            var keep = accumulate ? Vector512<ulong>.AllBitsSet : Vector512<ulong>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector512.LoadUnsafe(ref rx, (nuint)i);
                var p0 = FloatQuotient.Multiply(v, Vector512.LoadUnsafe(ref ry0, (nuint)i), inverse, q);
                var p1 = FloatQuotient.Multiply(v, Vector512.LoadUnsafe(ref ry1, (nuint)i), inverse, q);
                FloatQuotient.ReduceOnce(p0 + (Vector512.LoadUnsafe(ref rd0, (nuint)i) & keep), q).StoreUnsafe(ref rd0, (nuint)i);
                FloatQuotient.ReduceOnce(p1 + (Vector512.LoadUnsafe(ref rd1, (nuint)i) & keep), q).StoreUnsafe(ref rd1, (nuint)i);
            }
        }
        else if (modulus.SupportsVectorKernels && FloatQuotient.Use256)
        {
            var q = Vector256.Create(modulus.Value);
            var inverse = Vector256.Create(modulus.Inverse);
            var keep = accumulate ? Vector256<ulong>.AllBitsSet : Vector256<ulong>.Zero;
            for (; i + 4 <= n; i += 4)
            {
                var v = Vector256.LoadUnsafe(ref rx, (nuint)i);
                var p0 = FloatQuotient.Multiply(v, Vector256.LoadUnsafe(ref ry0, (nuint)i), inverse, q);
                var p1 = FloatQuotient.Multiply(v, Vector256.LoadUnsafe(ref ry1, (nuint)i), inverse, q);
                FloatQuotient.ReduceOnce(p0 + (Vector256.LoadUnsafe(ref rd0, (nuint)i) & keep), q).StoreUnsafe(ref rd0, (nuint)i);
                FloatQuotient.ReduceOnce(p1 + (Vector256.LoadUnsafe(ref rd1, (nuint)i) & keep), q).StoreUnsafe(ref rd1, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            ulong v = Unsafe.Add(ref rx, i);
            ulong p0 = modulus.Multiply(v, Unsafe.Add(ref ry0, i)), p1 = modulus.Multiply(v, Unsafe.Add(ref ry1, i));
            Unsafe.Add(ref rd0, i) = accumulate ? modulus.Add(p0, Unsafe.Add(ref rd0, i)) : p0;
            Unsafe.Add(ref rd1, i) = accumulate ? modulus.Add(p1, Unsafe.Add(ref rd1, i)) : p1;
        }
    }
}

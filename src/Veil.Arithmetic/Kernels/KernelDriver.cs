using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Veil.Arithmetic.Kernels;

/// <summary>
/// Runs an element-wise operator over spans: the widest accelerated vector width first, the ragged end as one final
/// overlapping vector (computed before any store, so a destination that is exactly an input stays correct), and a
/// scalar loop for spans shorter than one vector or when the operator is not vectorizable for its modulus.
/// </summary>
/// <remarks>Callers check lengths and that the destination does not partially overlap an input.
/// Thread-safety: stateless.</remarks>
internal static class KernelDriver
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOp>(ReadOnlySpan<ulong> x, Span<ulong> destination, TOp op)
        where TOp : struct, IModularUnaryOperator
    {
        int n = destination.Length;
        ref ulong rx = ref MemoryMarshal.GetReference(x);
        ref ulong rd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (op.Vectorizable && FloatQuotient.Use512 && n >= Vector512<ulong>.Count)
        {
            int last = n - Vector512<ulong>.Count;
            Vector512<ulong> tail = op.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)last));
            for (; i < last; i += Vector512<ulong>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
            }

            tail.StoreUnsafe(ref rd, (nuint)last);
            return;
        }

        if (op.Vectorizable && FloatQuotient.Use256 && n >= Vector256<ulong>.Count)
        {
            int last = n - Vector256<ulong>.Count;
            Vector256<ulong> tail = op.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)last));
            for (; i < last; i += Vector256<ulong>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
            }

            tail.StoreUnsafe(ref rd, (nuint)last);
            return;
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref rd, i) = op.Invoke(Unsafe.Add(ref rx, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOp>(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination, TOp op)
        where TOp : struct, IModularBinaryOperator
    {
        int n = destination.Length;
        ref ulong rx = ref MemoryMarshal.GetReference(x);
        ref ulong ry = ref MemoryMarshal.GetReference(y);
        ref ulong rd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (op.Vectorizable && FloatQuotient.Use512 && n >= Vector512<ulong>.Count)
        {
            int last = n - Vector512<ulong>.Count;
            Vector512<ulong> tail = op.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)last), Vector512.LoadUnsafe(ref ry, (nuint)last));
            for (; i < last; i += Vector512<ulong>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)i), Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
            }

            tail.StoreUnsafe(ref rd, (nuint)last);
            return;
        }

        if (op.Vectorizable && FloatQuotient.Use256 && n >= Vector256<ulong>.Count)
        {
            int last = n - Vector256<ulong>.Count;
            Vector256<ulong> tail = op.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)last), Vector256.LoadUnsafe(ref ry, (nuint)last));
            for (; i < last; i += Vector256<ulong>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
            }

            tail.StoreUnsafe(ref rd, (nuint)last);
            return;
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref rd, i) = op.Invoke(Unsafe.Add(ref rx, i), Unsafe.Add(ref ry, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOp>(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, ReadOnlySpan<ulong> z, Span<ulong> destination, TOp op)
        where TOp : struct, IModularTernaryOperator
    {
        int n = destination.Length;
        ref ulong rx = ref MemoryMarshal.GetReference(x);
        ref ulong ry = ref MemoryMarshal.GetReference(y);
        ref ulong rz = ref MemoryMarshal.GetReference(z);
        ref ulong rd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (op.Vectorizable && FloatQuotient.Use512 && n >= Vector512<ulong>.Count)
        {
            int last = n - Vector512<ulong>.Count;
            Vector512<ulong> tail = op.Invoke(
                Vector512.LoadUnsafe(ref rx, (nuint)last), Vector512.LoadUnsafe(ref ry, (nuint)last), Vector512.LoadUnsafe(ref rz, (nuint)last));
            for (; i < last; i += Vector512<ulong>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)i), Vector512.LoadUnsafe(ref ry, (nuint)i), Vector512.LoadUnsafe(ref rz, (nuint)i))
                    .StoreUnsafe(ref rd, (nuint)i);
            }

            tail.StoreUnsafe(ref rd, (nuint)last);
            return;
        }

        if (op.Vectorizable && FloatQuotient.Use256 && n >= Vector256<ulong>.Count)
        {
            int last = n - Vector256<ulong>.Count;
            Vector256<ulong> tail = op.Invoke(
                Vector256.LoadUnsafe(ref rx, (nuint)last), Vector256.LoadUnsafe(ref ry, (nuint)last), Vector256.LoadUnsafe(ref rz, (nuint)last));
            for (; i < last; i += Vector256<ulong>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i), Vector256.LoadUnsafe(ref rz, (nuint)i))
                    .StoreUnsafe(ref rd, (nuint)i);
            }

            tail.StoreUnsafe(ref rd, (nuint)last);
            return;
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref rd, i) = op.Invoke(Unsafe.Add(ref rx, i), Unsafe.Add(ref ry, i), Unsafe.Add(ref rz, i));
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Veil.Tensors.Operators;

/// <summary>
/// The generic driver for element-wise operators: checks lengths, runs the widest accelerated vectors
/// (512-bit, else 256-bit), finishes the tail with one overlapping vector when the span is long enough, and falls
/// back to a scalar loop otherwise.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class Elementwise
{
    /// <summary><c>destination[i] = op(x[i])</c>. <paramref name="destination"/> may be <paramref name="x"/> itself.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Map<TOperator>(ReadOnlySpan<float> x, Span<float> destination, in TOperator op)
        where TOperator : struct, IUnaryOperator
    {
        Guard.LengthEquals(destination.Length, x.Length, nameof(destination));
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        int length = x.Length;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<float>.Count)
        {
            int last = length - Vector512<float>.Count;
            Vector512<float> tail = op.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)last));
            for (; i < last; i += Vector512<float>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
            }

            tail.StoreUnsafe(ref ds, (nuint)last);
            return;
        }

        if (Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            int last = length - Vector256<float>.Count;
            Vector256<float> tail = op.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)last));
            for (; i < last; i += Vector256<float>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
            }

            tail.StoreUnsafe(ref ds, (nuint)last);
            return;
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref ds, i) = op.Invoke(Unsafe.Add(ref xs, i));
        }
    }

    /// <summary><c>destination[i] = op(x[i], y[i])</c>. <paramref name="destination"/> may be <paramref name="x"/> or <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Map<TOperator>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, in TOperator op)
        where TOperator : struct, IBinaryOperator
    {
        Guard.LengthEquals(y.Length, x.Length, nameof(y));
        Guard.LengthEquals(destination.Length, x.Length, nameof(destination));
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        int length = x.Length;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<float>.Count)
        {
            int last = length - Vector512<float>.Count;
            Vector512<float> tail = op.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)last), Vector512.LoadUnsafe(ref ys, (nuint)last));
            for (; i < last; i += Vector512<float>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)i), Vector512.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
            }

            tail.StoreUnsafe(ref ds, (nuint)last);
            return;
        }

        if (Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            int last = length - Vector256<float>.Count;
            Vector256<float> tail = op.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)last), Vector256.LoadUnsafe(ref ys, (nuint)last));
            for (; i < last; i += Vector256<float>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
            }

            tail.StoreUnsafe(ref ds, (nuint)last);
            return;
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref ds, i) = op.Invoke(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
        }
    }
}

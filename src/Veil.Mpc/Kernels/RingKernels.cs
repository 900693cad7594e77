using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Veil.Mpc.Kernels;

/// <summary>
/// Elementwise arithmetic on spans of Z_2^64 elements (and of bit-packed boolean words), vectorised with
/// Vector512 or Vector256 where the hardware accelerates them. The destination may be the same span as an input
/// (in-place), but must not partially overlap one.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class RingKernels
{
    public static void Add(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination) => Apply<AddOperator>(x, y, destination);

    public static void Subtract(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination) => Apply<SubtractOperator>(x, y, destination);

    public static void Multiply(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination) => Apply<MultiplyOperator>(x, y, destination);

    public static void Xor(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination) => Apply<XorOperator>(x, y, destination);

    public static void And(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination) => Apply<AndOperator>(x, y, destination);

    /// <summary><c>destination[i] = x[i] + scalar</c>.</summary>
    public static void AddScalar(ReadOnlySpan<ulong> x, ulong scalar, Span<ulong> destination) => ApplyScalar<AddOperator>(x, scalar, destination);

    /// <summary><c>destination[i] = x[i] * scalar</c> mod 2^64.</summary>
    public static void MultiplyScalar(ReadOnlySpan<ulong> x, ulong scalar, Span<ulong> destination) => ApplyScalar<MultiplyOperator>(x, scalar, destination);

    /// <summary><c>destination[i] = -x[i]</c> mod 2^64.</summary>
    public static void Negate(ReadOnlySpan<ulong> x, Span<ulong> destination) => ApplyScalar<MultiplyOperator>(x, ulong.MaxValue, destination);

    /// <summary><c>destination[i] = x[i] AND mask</c>.</summary>
    public static void AndScalar(ReadOnlySpan<ulong> x, ulong mask, Span<ulong> destination) => ApplyScalar<AndOperator>(x, mask, destination);

    /// <summary><c>destination[i] += x[i] * y[i]</c> mod 2^64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination)
    {
        Guard.LengthEquals(y.Length, x.Length, nameof(y));
        Guard.LengthEquals(destination.Length, x.Length, nameof(destination));
        ref ulong xr = ref MemoryMarshal.GetReference(x);
        ref ulong yr = ref MemoryMarshal.GetReference(y);
        ref ulong dr = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector512<ulong>.Count; i += Vector512<ulong>.Count)
            {
                Vector512<ulong> sum = Vector512.LoadUnsafe(ref dr, (nuint)i) + (Vector512.LoadUnsafe(ref xr, (nuint)i) * Vector512.LoadUnsafe(ref yr, (nuint)i));
                sum.StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref dr, i) += Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
        }
    }

    /// <summary>Applies <typeparamref name="TOperator"/>: <c>destination[i] = op(x[i], y[i])</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TOperator>(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination)
        where TOperator : struct, IRingOperator
    {
        Guard.LengthEquals(y.Length, x.Length, nameof(y));
        Guard.LengthEquals(destination.Length, x.Length, nameof(destination));
        ref ulong xr = ref MemoryMarshal.GetReference(x);
        ref ulong yr = ref MemoryMarshal.GetReference(y);
        ref ulong dr = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector512<ulong>.Count; i += Vector512<ulong>.Count)
            {
                TOperator.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
            {
                TOperator.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        // Scalar tail: an overlapping final vector would apply the operator twice when the destination is an input.
        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref dr, i) = TOperator.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }

    /// <summary>Applies <typeparamref name="TOperator"/> with a broadcast scalar: <c>destination[i] = op(x[i], scalar)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ApplyScalar<TOperator>(ReadOnlySpan<ulong> x, ulong scalar, Span<ulong> destination)
        where TOperator : struct, IRingOperator
    {
        Guard.LengthEquals(destination.Length, x.Length, nameof(destination));
        ref ulong xr = ref MemoryMarshal.GetReference(x);
        ref ulong dr = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var s = Vector512.Create(scalar);
            for (; i <= x.Length - Vector512<ulong>.Count; i += Vector512<ulong>.Count)
            {
                TOperator.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i), s).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scalar);
            for (; i <= x.Length - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
            {
                TOperator.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), s).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref dr, i) = TOperator.Invoke(Unsafe.Add(ref xr, i), scalar);
        }
    }
}

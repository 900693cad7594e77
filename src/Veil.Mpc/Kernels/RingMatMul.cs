using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Veil.Mpc.Kernels;

/// <summary>
/// Matrix products over Z_2^64, row-major: <c>C += A * B</c> with A of m x k, B of k x n and C of m x n.
/// Products wrap mod 2^64, which is exactly the ring arithmetic of additive shares.
/// </summary>
/// <remarks>
/// The AVX-512 path keeps a 4 x 16 block of C in eight Vector512 registers and streams a 16-column strip of B,
/// which stays in L2 and is reused for every block of four rows. Thread-safety: stateless, safe from any thread.
/// </remarks>
internal static class RingMatMul
{
    private const int Rows = 4;

    /// <summary><c>c += a * b</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> c, int m, int k, int n)
    {
        Guard.LengthEquals(a.Length, m * k, nameof(a));
        Guard.LengthEquals(b.Length, k * n, nameof(b));
        Guard.LengthEquals(c.Length, m * n, nameof(c));
        ref ulong ar = ref MemoryMarshal.GetReference(a);
        ref ulong br = ref MemoryMarshal.GetReference(b);
        ref ulong cr = ref MemoryMarshal.GetReference(c);
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + 16 <= n; j += 16)
            {
                int i = 0;
                for (; i + Rows <= m; i += Rows)
                {
                    Block4x16(ref ar, ref br, ref cr, i, j, k, n);
                }

                for (; i < m; i++)
                {
                    Block1x16(ref ar, ref br, ref cr, i, j, k, n);
                }
            }
        }

        if (j < n)
        {
            Remainder(ref ar, ref br, ref cr, j, m, k, n);
        }
    }

    /// <summary>The transpose of a row-major <paramref name="rows"/> x <paramref name="columns"/> matrix, as a new array.</summary>
    public static ulong[] Transpose(ReadOnlySpan<ulong> matrix, int rows, int columns)
    {
        Guard.LengthEquals(matrix.Length, rows * columns, nameof(matrix));
        var result = new ulong[matrix.Length];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<ulong> row = matrix.Slice(i * columns, columns);
            for (int j = 0; j < columns; j++)
            {
                result[(j * rows) + i] = row[j];
            }
        }

        return result;
    }

    /// <summary>Returns <c>a * b</c> in a new array.</summary>
    public static ulong[] Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, int m, int k, int n)
    {
        var c = new ulong[m * n];
        MultiplyAdd(a, b, c, m, k, n);
        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x16(ref ulong a, ref ulong b, ref ulong c, int i, int j, int k, int n)
    {
        ref ulong c0 = ref Unsafe.Add(ref c, (nint)i * n + j);
        ref ulong c1 = ref Unsafe.Add(ref c0, n);
        ref ulong c2 = ref Unsafe.Add(ref c1, n);
        ref ulong c3 = ref Unsafe.Add(ref c2, n);
        Vector512<ulong> s00 = Vector512.LoadUnsafe(ref c0), s01 = Vector512.LoadUnsafe(ref c0, 8);
        Vector512<ulong> s10 = Vector512.LoadUnsafe(ref c1), s11 = Vector512.LoadUnsafe(ref c1, 8);
        Vector512<ulong> s20 = Vector512.LoadUnsafe(ref c2), s21 = Vector512.LoadUnsafe(ref c2, 8);
        Vector512<ulong> s30 = Vector512.LoadUnsafe(ref c3), s31 = Vector512.LoadUnsafe(ref c3, 8);
        ref ulong a0 = ref Unsafe.Add(ref a, (nint)i * k);
        ref ulong a1 = ref Unsafe.Add(ref a0, k);
        ref ulong a2 = ref Unsafe.Add(ref a1, k);
        ref ulong a3 = ref Unsafe.Add(ref a2, k);
        ref ulong bRow = ref Unsafe.Add(ref b, j);
        for (int p = 0; p < k; p++)
        {
            Vector512<ulong> b0 = Vector512.LoadUnsafe(ref bRow), b1 = Vector512.LoadUnsafe(ref bRow, 8);
            var x = Vector512.Create(Unsafe.Add(ref a0, p));
            s00 += x * b0;
            s01 += x * b1;
            x = Vector512.Create(Unsafe.Add(ref a1, p));
            s10 += x * b0;
            s11 += x * b1;
            x = Vector512.Create(Unsafe.Add(ref a2, p));
            s20 += x * b0;
            s21 += x * b1;
            x = Vector512.Create(Unsafe.Add(ref a3, p));
            s30 += x * b0;
            s31 += x * b1;
            bRow = ref Unsafe.Add(ref bRow, n);
        }

        s00.StoreUnsafe(ref c0);
        s01.StoreUnsafe(ref c0, 8);
        s10.StoreUnsafe(ref c1);
        s11.StoreUnsafe(ref c1, 8);
        s20.StoreUnsafe(ref c2);
        s21.StoreUnsafe(ref c2, 8);
        s30.StoreUnsafe(ref c3);
        s31.StoreUnsafe(ref c3, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x16(ref ulong a, ref ulong b, ref ulong c, int i, int j, int k, int n)
    {
        ref ulong c0 = ref Unsafe.Add(ref c, (nint)i * n + j);
        Vector512<ulong> s0 = Vector512.LoadUnsafe(ref c0), s1 = Vector512.LoadUnsafe(ref c0, 8);
        ref ulong a0 = ref Unsafe.Add(ref a, (nint)i * k);
        ref ulong bRow = ref Unsafe.Add(ref b, j);
        for (int p = 0; p < k; p++)
        {
            var x = Vector512.Create(Unsafe.Add(ref a0, p));
            s0 += x * Vector512.LoadUnsafe(ref bRow);
            s1 += x * Vector512.LoadUnsafe(ref bRow, 8);
            bRow = ref Unsafe.Add(ref bRow, n);
        }

        s0.StoreUnsafe(ref c0);
        s1.StoreUnsafe(ref c0, 8);
    }

    /// <summary>Columns [j0, n) of every row, one row at a time: <c>c[i, j0..] += a[i, p] * b[p, j0..]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Remainder(ref ulong a, ref ulong b, ref ulong c, int j0, int m, int k, int n)
    {
        int width = n - j0;
        for (int i = 0; i < m; i++)
        {
            Span<ulong> cRow = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref c, (nint)i * n + j0), width);
            for (int p = 0; p < k; p++)
            {
                ulong x = Unsafe.Add(ref a, (nint)i * k + p);
                ReadOnlySpan<ulong> bRow = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, (nint)p * n + j0), width);
                int jj = 0;
                if (Vector256.IsHardwareAccelerated)
                {
                    var xv = Vector256.Create(x);
                    for (; jj + Vector256<ulong>.Count <= width; jj += Vector256<ulong>.Count)
                    {
                        (Vector256.Create(cRow.Slice(jj, Vector256<ulong>.Count)) + (xv * Vector256.Create(bRow.Slice(jj, Vector256<ulong>.Count))))
                            .CopyTo(cRow.Slice(jj, Vector256<ulong>.Count));
                    }
                }

                for (; jj < width; jj++)
                {
                    cRow[jj] += x * bRow[jj];
                }
            }
        }
    }
}

namespace Veil.Tensors.Kernels;

/// <summary>
/// Single-precision general matrix multiply on spans: <c>C = op(A) · op(B)</c> or <c>C += op(A) · op(B)</c>,
/// where <c>op(X)</c> is X or its transpose. Matrices are row-major with a leading dimension (row stride), so
/// sub-blocks of larger matrices can be multiplied in place.
/// </summary>
/// <remarks>
/// The algorithm is the Goto/BLIS blocking: B is packed into panels of <see cref="GemmBlocking.Nr"/> columns and A
/// into micro-panels of <see cref="GemmBlocking.Mr"/> rows, both in the order the micro-kernel reads them, and a
/// register-blocked micro-kernel (8 x 32 with AVX-512 FMA) accumulates each tile of C. Transposition is absorbed by
/// the packing, so all four variants run the same kernel. Large products are split between the cores along the
/// longer side of C. Products with fewer rows than a micro-tile (inference on one image) take a dot-product path
/// that skips packing.
/// Thread-safety: stateless apart from per-thread packing buffers; safe to call from several threads at once.
/// </remarks>
public static class Gemm
{
    /// <summary>Below this many multiply-adds a product runs on one thread: splitting costs more than it gains.</summary>
    public const long ParallelThreshold = 1L << 20;

    /// <summary>
    /// Computes <c>C[m x n] (+)= op(A)[m x k] · op(B)[k x n]</c>.
    /// </summary>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="a">A: element (i, p) of op(A) is <c>a[i*lda + p]</c>, or <c>a[p*lda + i]</c> when <paramref name="transposeA"/>.</param>
    /// <param name="lda">Row stride of the stored A.</param>
    /// <param name="transposeA">Whether op(A) is the transpose of the stored A.</param>
    /// <param name="b">B: element (p, j) of op(B) is <c>b[p*ldb + j]</c>, or <c>b[j*ldb + p]</c> when <paramref name="transposeB"/>.</param>
    /// <param name="ldb">Row stride of the stored B.</param>
    /// <param name="transposeB">Whether op(B) is the transpose of the stored B.</param>
    /// <param name="c">C: element (i, j) is <c>c[i*ldc + j]</c>. Must not overlap A or B.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting C.</param>
    /// <param name="parallel">Allow splitting the product between cores (turn off when the caller already runs in parallel).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A stride is smaller than its row, or a span is too short for its matrix.</exception>
    public static void Multiply(
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc,
        bool accumulate = false,
        bool parallel = true)
    {
        Guard.NotNegative(m);
        Guard.NotNegative(n);
        Guard.NotNegative(k);
        CheckMatrix(a.Length, transposeA ? k : m, transposeA ? m : k, lda, nameof(a));
        CheckMatrix(b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(b));
        CheckMatrix(c.Length, m, n, ldc, nameof(c));
        if (m == 0 || n == 0)
        {
            return;
        }

        unsafe
        {
            fixed (float* pa = a)
            fixed (float* pb = b)
            fixed (float* pc = c)
            {
                var problem = new GemmProblem(m, n, k, pa, lda, transposeA, pb, ldb, transposeB, pc, ldc, accumulate);
                GemmDriver.Run(problem, parallel);
            }
        }
    }

    private static void CheckMatrix(int length, int rows, int columns, int stride, string name)
    {
        if (rows == 0 || columns == 0)
        {
            return;
        }

        Guard.IsTrue(stride >= columns, name, $"has row stride {stride}, less than its {columns} columns");
        long needed = ((long)(rows - 1) * stride) + columns;
        Guard.IsTrue(length >= needed, name, $"has {length} elements; a {rows} x {columns} matrix with stride {stride} needs {needed}");
    }
}

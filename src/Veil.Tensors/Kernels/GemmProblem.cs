namespace Veil.Tensors.Kernels;

/// <summary>One matrix product to compute, with raw pointers to pinned memory (see <see cref="Gemm.Multiply"/>).</summary>
internal readonly unsafe struct GemmProblem
{
    public GemmProblem(int m, int n, int k, float* a, int lda, bool transposeA, float* b, int ldb, bool transposeB, float* c, int ldc, bool accumulate)
    {
        M = m;
        N = n;
        K = k;
        A = a;
        Lda = lda;
        TransposeA = transposeA;
        B = b;
        Ldb = ldb;
        TransposeB = transposeB;
        C = c;
        Ldc = ldc;
        Accumulate = accumulate;
    }

    public int M { get; }

    public int N { get; }

    public int K { get; }

    public float* A { get; }

    public int Lda { get; }

    public bool TransposeA { get; }

    public float* B { get; }

    public int Ldb { get; }

    public bool TransposeB { get; }

    public float* C { get; }

    public int Ldc { get; }

    public bool Accumulate { get; }

    /// <summary>Address of element (i, p) of op(A).</summary>
    public float* AAt(int i, int p) => TransposeA ? A + ((long)p * Lda) + i : A + ((long)i * Lda) + p;

    /// <summary>Address of element (p, j) of op(B).</summary>
    public float* BAt(int p, int j) => TransposeB ? B + ((long)j * Ldb) + p : B + ((long)p * Ldb) + j;

    /// <summary>The sub-problem of rows [i0, i0+rows) and columns [j0, j0+cols) of C.</summary>
    public GemmProblem Block(int i0, int rows, int j0, int cols) =>
        new(rows, cols, K, AAt(i0, 0), Lda, TransposeA, BAt(0, j0), Ldb, TransposeB, C + ((long)i0 * Ldc) + j0, Ldc, Accumulate);
}

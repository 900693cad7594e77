using Veil.Tensors.Kernels;

namespace Veil.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product of rank-2 tensors: <c>destination = op(a) · op(b)</c>, or <c>destination += op(a) · op(b)</c>
    /// when <paramref name="accumulate"/>; <c>op(x)</c> is x, or its transpose when the flag says so. Blocked,
    /// vectorized and split between cores (see <see cref="Gemm"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException">A tensor is null.</exception>
    /// <exception cref="ArgumentException">A tensor is not rank 2, the inner dimensions differ, the destination has the wrong
    /// shape, or the destination overlaps an operand.</exception>
    public static void MatMul(Tensor a, Tensor b, Tensor destination, bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(destination);
        var (m, k, n) = ProductShape(a, b, transposeA, transposeB);
        Guard.IsTrue(destination.Shape == new TensorShape(m, n), nameof(destination), $"has shape {destination.Shape}; the product is [{m}, {n}]");
        Guard.IsTrue(!destination.Span.Overlaps(a.Span) && !destination.Span.Overlaps(b.Span), nameof(destination), "must not overlap an operand");
        Gemm.Multiply(m, n, k, a.Span, a.Shape[1], transposeA, b.Span, b.Shape[1], transposeB, destination.Span, n, accumulate);
    }

    /// <summary>Allocating twin of <see cref="MatMul"/>: returns <c>op(a) · op(b)</c>.</summary>
    /// <exception cref="ArgumentNullException">A tensor is null.</exception>
    /// <exception cref="ArgumentException">A tensor is not rank 2 or the inner dimensions differ.</exception>
    public static Tensor MatMulNew(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (m, _, n) = ProductShape(a, b, transposeA, transposeB);
        var result = new Tensor(m, n);
        MatMul(a, b, result, transposeA, transposeB);
        return result;
    }

    private static (int M, int K, int N) ProductShape(Tensor a, Tensor b, bool transposeA, bool transposeB)
    {
        Guard.IsTrue(a.Rank == 2, nameof(a), $"has shape {a.Shape}; a matrix is needed");
        Guard.IsTrue(b.Rank == 2, nameof(b), $"has shape {b.Shape}; a matrix is needed");
        int m = transposeA ? a.Shape[1] : a.Shape[0];
        int k = transposeA ? a.Shape[0] : a.Shape[1];
        int kb = transposeB ? b.Shape[1] : b.Shape[0];
        int n = transposeB ? b.Shape[0] : b.Shape[1];
        Guard.IsTrue(k == kb, nameof(b), $"inner dimensions differ: op(a) is [{m}, {k}], op(b) is [{kb}, {n}]");
        return (m, k, n);
    }
}

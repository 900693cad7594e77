namespace Veil.Mpc.Preprocessing;

/// <summary>
/// This party's additive shares of a Beaver triple over Z_2^64: random A and B and C = f(A, B) for a bilinear f
/// (elementwise product, matrix product or convolution, by the request that produced it).
/// </summary>
/// <remarks>Thread-safety: immutable after construction; the arrays are owned by the triple.</remarks>
public sealed class ArithmeticTriple : Triple
{
    /// <summary>Wraps this party's shares (the arrays are taken, not copied).</summary>
    public ArithmeticTriple(ulong[] a, ulong[] b, ulong[] c)
        : base(a, b, c)
    {
    }

    /// <summary>The same A and C with another B (the arrays are shared: triples are read-only).</summary>
    internal ArithmeticTriple WithB(ulong[] b) => new(ArrayA, b, ArrayC);
}

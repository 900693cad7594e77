namespace Veil.Mpc.Preprocessing;

/// <summary>
/// This party's shares of a Beaver triple over Z_2^64: random A and B and C = f(A, B) for a bilinear f
/// (elementwise product, matrix product or convolution, by the request that produced it).
/// </summary>
/// <remarks>Thread-safety: immutable after construction; the arrays are owned by the triple.</remarks>
public sealed class ArithmeticTriple
{
    private readonly ulong[] _a;
    private readonly ulong[] _b;
    private readonly ulong[] _c;

    /// <summary>Wraps this party's shares (the arrays are taken, not copied).</summary>
    public ArithmeticTriple(ulong[] a, ulong[] b, ulong[] c)
    {
        _a = Guard.NotNull(a);
        _b = Guard.NotNull(b);
        _c = Guard.NotNull(c);
    }

    /// <summary>This party's share of A.</summary>
    public ReadOnlySpan<ulong> A => _a;

    /// <summary>This party's share of B.</summary>
    public ReadOnlySpan<ulong> B => _b;

    /// <summary>This party's share of C = f(A, B).</summary>
    public ReadOnlySpan<ulong> C => _c;

    /// <summary>The same A and C with another B (the arrays are shared: triples are read-only).</summary>
    internal ArithmeticTriple WithB(ulong[] b) => new(_a, b, _c);
}

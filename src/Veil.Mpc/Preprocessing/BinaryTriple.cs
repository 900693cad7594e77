namespace Veil.Mpc.Preprocessing;

/// <summary>
/// This party's XOR shares of bit-packed AND triples. In the plain form A, B and C have one length and
/// C = A AND B. In the shared-left form of a comparison circuit level, A holds one block per gate pair and B and C
/// hold more blocks, gate g using the A block of its pair (see <see cref="ComparisonCorrelation"/>).
/// </summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
public sealed class BinaryTriple
{
    private readonly ulong[] _a;
    private readonly ulong[] _b;
    private readonly ulong[] _c;

    /// <summary>Wraps this party's shares (the arrays are taken, not copied).</summary>
    public BinaryTriple(ulong[] a, ulong[] b, ulong[] c)
    {
        _a = Guard.NotNull(a);
        _b = Guard.NotNull(b);
        _c = Guard.NotNull(c);
    }

    /// <summary>This party's share of the left masks.</summary>
    public ReadOnlySpan<ulong> A => _a;

    /// <summary>This party's share of the right masks.</summary>
    public ReadOnlySpan<ulong> B => _b;

    /// <summary>This party's share of the products.</summary>
    public ReadOnlySpan<ulong> C => _c;
}

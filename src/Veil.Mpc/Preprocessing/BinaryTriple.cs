namespace Veil.Mpc.Preprocessing;

/// <summary>
/// This party's XOR shares of bit-packed AND triples. In the plain form A, B and C have one length and
/// C = A AND B. In the shared-left form of a comparison circuit level, A holds one block per gate pair and B and C
/// hold more blocks, gate g using the A block of its pair (see <see cref="ComparisonCorrelation"/>).
/// </summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
public sealed class BinaryTriple : Triple
{
    /// <summary>Wraps this party's shares (the arrays are taken, not copied).</summary>
    public BinaryTriple(ulong[] a, ulong[] b, ulong[] c)
        : base(a, b, c)
    {
    }
}

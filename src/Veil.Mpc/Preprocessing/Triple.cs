namespace Veil.Mpc.Preprocessing;

/// <summary>
/// This party's shares of a Beaver-style triple: masks A and B and their product C. <see cref="ArithmeticTriple"/>
/// (additive shares over Z_2^64) and <see cref="BinaryTriple"/> (XOR shares of bit-packed words) are its two kinds.
/// </summary>
/// <remarks>Thread-safety: immutable after construction; the arrays are owned by the triple.</remarks>
public abstract class Triple
{
    private readonly ulong[] _a;
    private readonly ulong[] _b;
    private readonly ulong[] _c;

    /// <summary>Wraps this party's shares (the arrays are taken, not copied).</summary>
    private protected Triple(ulong[] a, ulong[] b, ulong[] c)
    {
        _a = Guard.NotNull(a);
        _b = Guard.NotNull(b);
        _c = Guard.NotNull(c);
    }

    /// <summary>This party's share of A.</summary>
    public ReadOnlySpan<ulong> A => _a;

    /// <summary>This party's share of B.</summary>
    public ReadOnlySpan<ulong> B => _b;

    /// <summary>This party's share of the product C.</summary>
    public ReadOnlySpan<ulong> C => _c;

    private protected ulong[] ArrayA => _a;

    private protected ulong[] ArrayC => _c;
}

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// This party's shares of a comparison mask for N elements: a uniform r (arithmetic shares), the 64 bit planes of r
/// (XOR shares, <c>RBits[b * W + w]</c> is bit b of elements 64w .. 64w + 63), and one shared-left AND triple per
/// level of the comparison circuit (<see cref="Protocols.ComparisonCircuit"/> gives the sizes).
/// </summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
public sealed class ComparisonCorrelation
{
    private readonly ulong[] _r;
    private readonly ulong[] _rBits;

    /// <summary>Wraps this party's shares (the arrays are taken, not copied).</summary>
    public ComparisonCorrelation(ulong[] r, ulong[] rBits, IReadOnlyList<BinaryTriple> levels)
    {
        _r = Guard.NotNull(r);
        _rBits = Guard.NotNull(rBits);
        Levels = Guard.NotNull(levels);
    }

    /// <summary>This party's share of r.</summary>
    public ReadOnlySpan<ulong> R => _r;

    /// <summary>This party's XOR share of the bit planes of r.</summary>
    public ReadOnlySpan<ulong> RBits => _rBits;

    /// <summary>The AND triples of the circuit's levels, lowest level first.</summary>
    public IReadOnlyList<BinaryTriple> Levels { get; }
}

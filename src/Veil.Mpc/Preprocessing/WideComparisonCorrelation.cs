namespace Veil.Mpc.Preprocessing;

/// <summary>
/// One party's share of a radix-4 comparison mask (<see cref="Protocols.WideComparisonCircuit"/>): r and its bit planes,
/// as for <see cref="ComparisonCorrelation"/>, and for each level the masks of the variables it opens and the shared
/// products of those masks over every subset a term needs, all bit-sliced (one block of words per variable or subset).
/// </summary>
/// <remarks>Thread-safety: immutable once built; safe to read from any thread.</remarks>
public sealed class WideComparisonCorrelation
{
    private readonly ulong[] _r;
    private readonly ulong[] _rBits;

    /// <summary>Creates the correlation from its components.</summary>
    /// <exception cref="ArgumentNullException">A component is null.</exception>
    public WideComparisonCorrelation(ulong[] r, ulong[] rBits, IReadOnlyList<ulong[]> masks, IReadOnlyList<ulong[]> products)
    {
        _r = Guard.NotNull(r);
        _rBits = Guard.NotNull(rBits);
        Masks = Guard.NotNull(masks);
        Products = Guard.NotNull(products);
    }

    /// <summary>The mask r (arithmetic shares).</summary>
    public ReadOnlySpan<ulong> R => _r;

    /// <summary>r's bit planes (XOR shares).</summary>
    public ReadOnlySpan<ulong> RBits => _rBits;

    /// <summary>Per level, the variables' masks (XOR shares), variable-major: the level's groups in order, each
    /// group's variables in order, one block of words each.</summary>
    public IReadOnlyList<ulong[]> Masks { get; }

    /// <summary>Per level, the shared products of the masks over each group's subsets, in the same order.</summary>
    public IReadOnlyList<ulong[]> Products { get; }
}

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// This party's shares of a truncation pair for a shift s: a uniform r in Z_2^64, the integer floor(r / 2^s), and
/// the top bit of r, all as arithmetic shares.
/// </summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
public sealed class TruncationPair
{
    private readonly ulong[] _r;
    private readonly ulong[] _rShifted;
    private readonly ulong[] _rTopBit;

    /// <summary>Wraps this party's shares (the arrays are taken, not copied).</summary>
    public TruncationPair(ulong[] r, ulong[] rShifted, ulong[] rTopBit)
    {
        _r = Guard.NotNull(r);
        _rShifted = Guard.NotNull(rShifted);
        _rTopBit = Guard.NotNull(rTopBit);
    }

    /// <summary>This party's share of r.</summary>
    public ReadOnlySpan<ulong> R => _r;

    /// <summary>This party's share of floor(r / 2^s).</summary>
    public ReadOnlySpan<ulong> RShifted => _rShifted;

    /// <summary>This party's share of bit 63 of r (0 or 1).</summary>
    public ReadOnlySpan<ulong> RTopBit => _rTopBit;
}

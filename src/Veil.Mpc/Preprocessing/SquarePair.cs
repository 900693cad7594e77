namespace Veil.Mpc.Preprocessing;

/// <summary>This party's shares of a square pair: random A and A^2 elementwise.</summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
public sealed class SquarePair
{
    private readonly ulong[] _a;
    private readonly ulong[] _aSquared;

    /// <summary>Wraps this party's shares (the arrays are taken, not copied).</summary>
    public SquarePair(ulong[] a, ulong[] aSquared)
    {
        _a = Guard.NotNull(a);
        _aSquared = Guard.NotNull(aSquared);
    }

    /// <summary>This party's share of A.</summary>
    public ReadOnlySpan<ulong> A => _a;

    /// <summary>This party's share of A^2.</summary>
    public ReadOnlySpan<ulong> ASquared => _aSquared;
}

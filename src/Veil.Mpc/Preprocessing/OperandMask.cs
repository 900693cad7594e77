namespace Veil.Mpc.Preprocessing;

/// <summary>
/// This party's share of a fixed Beaver mask B for an operand that takes part in many products, such as a layer's
/// weights: the operand is opened once as W - B, and every later product uses a fresh A with C = A B for this same B.
/// The source numbers its masks in order, the same on every party.
/// </summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
public sealed class OperandMask
{
    private readonly ulong[] _shares;

    /// <summary>Wraps mask number <paramref name="id"/> (the array is taken, not copied).</summary>
    public OperandMask(int id, ulong[] shares)
    {
        Id = Guard.NotNegative(id);
        _shares = Guard.NotNull(shares);
    }

    /// <summary>The mask's number in its source.</summary>
    public int Id { get; }

    /// <summary>The number of elements.</summary>
    public int Count => _shares.Length;

    /// <summary>This party's share of B.</summary>
    public ReadOnlySpan<ulong> Shares => _shares;

    internal ulong[] Array => _shares;
}

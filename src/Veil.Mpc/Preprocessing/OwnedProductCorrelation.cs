namespace Veil.Mpc.Preprocessing;

/// <summary>
/// One party's part of a product with an <see cref="OwnedOperand"/> W: the other party (not the owner) holds a fresh
/// uniform mask A (the shape of the shared input) and C_D; the owner holds C_O, with C_D + C_O = A W (or conv(A, W)).
/// </summary>
/// <remarks>Thread-safety: immutable by convention; the arrays belong to the protocol that takes it.</remarks>
public sealed class OwnedProductCorrelation
{
    /// <summary>Creates the correlation.</summary>
    public OwnedProductCorrelation(ulong[] a, ulong[] c)
    {
        A = a ?? throw new ArgumentNullException(nameof(a));
        C = c ?? throw new ArgumentNullException(nameof(c));
    }

    /// <summary>The mask A (the non-owner only; empty on the owner).</summary>
    public ulong[] A { get; }

    /// <summary>This party's share of A W.</summary>
    public ulong[] C { get; }
}

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// This party's shares of a selection mask for N bits and V vectors: a random bit vector t as XOR shares
/// (bit-packed) and as arithmetic shares, and for each vector a uniform mask a_v with the product a_v * t.
/// It turns a shared bit b into b * x for V vectors x in one round.
/// </summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
public sealed class SelectionCorrelation
{
    private readonly ulong[] _bits;
    private readonly ulong[] _arithmetic;
    private readonly ulong[][] _masks;
    private readonly ulong[][] _maskProducts;

    /// <summary>Wraps this party's shares (the arrays are taken, not copied).</summary>
    /// <exception cref="ArgumentException">The mask lists differ in length.</exception>
    public SelectionCorrelation(ulong[] bits, ulong[] arithmetic, ulong[][] masks, ulong[][] maskProducts)
    {
        _bits = Guard.NotNull(bits);
        _arithmetic = Guard.NotNull(arithmetic);
        _masks = Guard.NotNull(masks);
        _maskProducts = Guard.NotNull(maskProducts);
        Guard.LengthEquals(maskProducts.Length, masks.Length, nameof(maskProducts));
    }

    /// <summary>This party's XOR share of t, bit-packed.</summary>
    public ReadOnlySpan<ulong> Bits => _bits;

    /// <summary>This party's arithmetic share of t (each element 0 or 1 when summed).</summary>
    public ReadOnlySpan<ulong> Arithmetic => _arithmetic;

    /// <summary>The number of vectors V.</summary>
    public int Vectors => _masks.Length;

    /// <summary>This party's share of the mask a_v.</summary>
    public ReadOnlySpan<ulong> Mask(int vector) => _masks[vector];

    /// <summary>This party's share of a_v * t.</summary>
    public ReadOnlySpan<ulong> MaskProduct(int vector) => _maskProducts[vector];
}

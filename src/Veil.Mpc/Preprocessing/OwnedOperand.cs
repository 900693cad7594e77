namespace Veil.Mpc.Preprocessing;

/// <summary>
/// A linear layer's weights that one compute party, the owner (the model owner), holds in the clear, set up once for
/// products with shared inputs (<see cref="ITripleSource.SetUpOwnedOperand"/>): a matrix W [k, n], the right factor
/// of X W, or a kernel [O, C, KH, KW]. The other party never learns W; on its side the operand carries only the
/// shape. Each weight is used in the short signed form of <see cref="Bits"/> bits (see <see cref="BitsFor"/>).
/// </summary>
/// <remarks>Thread-safety: immutable; the products need the context's thread.</remarks>
public sealed class OwnedOperand
{
    /// <summary>
    /// Integer bits of an owned weight, sign included: a weight must lie in [−2^(IntegerBits − 1), 2^(IntegerBits − 1)),
    /// i.e. |w| &lt; 32, so that it takes f + 6 bits in two's complement (22 at the default f = 16).
    /// </summary>
    public const int IntegerBits = 6;

    private readonly ulong[] _weights;

    internal OwnedOperand(int id, int owner, TensorShape shape, int fractionalBits, ulong[] weights)
    {
        Id = id;
        Owner = owner;
        Shape = shape;
        Bits = BitsFor(fractionalBits);
        FractionalBits = fractionalBits;
        _weights = weights;
    }

    /// <summary>The number the source gave this operand (its requests name it).</summary>
    public int Id { get; }

    /// <summary>The party that holds the weights in the clear.</summary>
    public int Owner { get; }

    /// <summary>[k, n] for a matrix, [O, C, KH, KW] for a kernel.</summary>
    public TensorShape Shape { get; }

    /// <summary>L: the bits of each weight's two's-complement form, one oblivious transfer each.</summary>
    public int Bits { get; }

    /// <summary>The weights' fractional bits.</summary>
    public int FractionalBits { get; }

    /// <summary>The encoded weights (owner only; empty on the other party), in the layout of <see cref="Shape"/>.</summary>
    public ReadOnlySpan<ulong> Weights => _weights;

    /// <summary>
    /// L for weights at <paramref name="fractionalBits"/>: f + <see cref="IntegerBits"/>. Public and derived from the
    /// format, so both parties agree on it without a message.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The result is outside 2 to 64.</exception>
    public static int BitsFor(int fractionalBits)
    {
        int bits = fractionalBits + IntegerBits;
        Guard.InRange(bits, 2, 64, nameof(fractionalBits));
        return bits;
    }

    /// <summary>Checks that every encoded weight fits <paramref name="bits"/>-bit two's complement.</summary>
    /// <exception cref="OwnedWeightOutOfRangeException">A weight does not.</exception>
    public static void CheckRange(ReadOnlySpan<ulong> weights, int bits, int fractionalBits)
    {
        Guard.InRange(bits, 2, 64, nameof(bits));
        if (bits == 64)
        {
            return;
        }

        long low = -(1L << (bits - 1)), high = (1L << (bits - 1)) - 1;
        for (int i = 0; i < weights.Length; i++)
        {
            long w = unchecked((long)weights[i]);
            if (w < low || w > high)
            {
                throw new OwnedWeightOutOfRangeException(i, FixedPointFormat.Decode(weights[i], fractionalBits), bits, fractionalBits);
            }
        }
    }
}

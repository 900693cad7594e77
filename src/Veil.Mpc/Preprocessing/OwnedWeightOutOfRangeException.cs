namespace Veil.Mpc.Preprocessing;

/// <summary>
/// A weight of an <see cref="OwnedOperand"/> lies outside the range its short signed form covers; raised in the owner's
/// process before anything is sent, never answered with a wrong product.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed class OwnedWeightOutOfRangeException : ArgumentOutOfRangeException
{
    /// <summary>Creates the exception for weight <paramref name="index"/> of value <paramref name="value"/>.</summary>
    public OwnedWeightOutOfRangeException(int index, double value, int bits, int fractionalBits)
        : base("weights", $"Weight {index} is {value}; an owned operand of {bits} bits at {fractionalBits} fractional bits holds values in [{-Math.ScaleB(1, bits - 1 - fractionalBits)}, {Math.ScaleB(1, bits - 1 - fractionalBits)}).")
    {
        Index = index;
        Value = value;
    }

    /// <summary>Creates the exception with a message.</summary>
    public OwnedWeightOutOfRangeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OwnedWeightOutOfRangeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public OwnedWeightOutOfRangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The index of the first weight out of range.</summary>
    public int Index { get; }

    /// <summary>Its value.</summary>
    public double Value { get; }
}

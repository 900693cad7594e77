namespace Veil.Mpc;

/// <summary>
/// Fixed-point encoding of reals in the ring Z_2^64: a real v is stored as the two's-complement integer
/// round(v * 2^f), where f is <see cref="FractionalBits"/>. A product of two encodings carries 2f fractional bits
/// until it is truncated.
/// </summary>
/// <remarks>
/// Range: an encoding must satisfy |v * 2^f| &lt; 2^62 wherever it is compared or truncated, so reals up to
/// 2^(62-f) in magnitude (about 7e13 at f = 16), and products up to 2^(62-2f) (about 1e9 at f = 16).
/// Thread-safety: immutable, safe from any thread.
/// </remarks>
public readonly record struct FixedPointFormat
{
    /// <summary>The default number of fractional bits.</summary>
    public const int DefaultFractionalBits = 16;

    /// <summary>The largest number of fractional bits supported: 2f must leave room for an integer part.</summary>
    public const int MaxFractionalBits = 28;

    /// <summary>Creates a format with <paramref name="fractionalBits"/> fractional bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fractionalBits"/> is outside [0, 28].</exception>
    public FixedPointFormat(int fractionalBits)
    {
        FractionalBits = Guard.InRange(fractionalBits, 0, MaxFractionalBits);
    }

    /// <summary>The default format: 16 fractional bits.</summary>
    public static FixedPointFormat Default => new(DefaultFractionalBits);

    /// <summary>The number of fractional bits f.</summary>
    public int FractionalBits { get; }

    /// <summary>2^f, the encoding of 1.0.</summary>
    public ulong One => 1UL << FractionalBits;

    /// <summary>Encodes <paramref name="value"/> with <paramref name="fractionalBits"/> fractional bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not finite or too large to encode.</exception>
    public static ulong Encode(double value, int fractionalBits)
    {
        double scaled = Math.Round(Guard.Finite(value) * Math.ScaleB(1.0, fractionalBits));
        if (Math.Abs(scaled) >= 4611686018427387904.0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} does not fit 2^62 with {fractionalBits} fractional bits.");
        }

        return unchecked((ulong)(long)scaled);
    }

    /// <summary>Decodes a ring element with <paramref name="fractionalBits"/> fractional bits, read as a signed integer.</summary>
    public static double Decode(ulong value, int fractionalBits) => unchecked((long)value) * Math.ScaleB(1.0, -fractionalBits);

    /// <summary>Encodes <paramref name="value"/> with this format's fractional bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not finite or too large to encode.</exception>
    public ulong Encode(double value) => Encode(value, FractionalBits);

    /// <summary>Decodes a ring element with this format's fractional bits.</summary>
    public double Decode(ulong value) => Decode(value, FractionalBits);

    /// <summary>Encodes every value: <c>destination[i] = Encode(values[i])</c>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite or too large to encode.</exception>
    public void Encode(ReadOnlySpan<double> values, Span<ulong> destination)
    {
        Guard.LengthEquals(destination.Length, values.Length, nameof(destination));
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = Encode(values[i], FractionalBits);
        }
    }

    /// <summary>Decodes every value at <paramref name="fractionalBits"/>: <c>destination[i] = Decode(values[i])</c>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Decode(ReadOnlySpan<ulong> values, int fractionalBits, Span<double> destination)
    {
        Guard.LengthEquals(destination.Length, values.Length, nameof(destination));
        double scale = Math.ScaleB(1.0, -fractionalBits);
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = unchecked((long)values[i]) * scale;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"fixed point, {FractionalBits} fractional bits";
}

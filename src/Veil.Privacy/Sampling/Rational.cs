using System.Globalization;
using System.Numerics;

namespace Veil.Privacy.Sampling;

/// <summary>
/// An exact non-negative rational number, numerator / denominator in lowest terms, for the parameters of the exact
/// samplers: every finite double is a dyadic rational, so a scale or variance given as a double is represented here
/// without rounding, and the samplers never touch floating point.
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    /// <summary>Creates numerator / denominator, reduced.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The numerator is negative or the denominator not positive.</exception>
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), numerator, "A Rational is non-negative.");
        }

        if (denominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "The denominator must be positive.");
        }

        BigInteger gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (gcd > BigInteger.One)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        _numerator = numerator;
        _denominator = numerator.IsZero ? BigInteger.One : denominator;
    }

    // default(Rational) has a zero denominator field; Denominator maps it to 1, so default is 0/1.
    private readonly BigInteger _numerator;
    private readonly BigInteger _denominator;

    /// <summary>The numerator (&gt;= 0).</summary>
    public BigInteger Numerator => _numerator;

    /// <summary>The denominator (&gt;= 1; 1 for zero).</summary>
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    /// <summary>True for zero.</summary>
    public bool IsZero => _numerator.IsZero;

    /// <summary>The exact value of a finite, non-negative double.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative, infinite or NaN.</exception>
    public static Rational FromDouble(double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite, non-negative doubles are exact rationals here.");
        }

        if (value == 0)
        {
            return default;
        }

        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1; // subnormal
        }
        else
        {
            mantissa |= 1L << 52;
        }

        int power = exponent - 1075; // value = mantissa * 2^power
        return power >= 0
            ? new Rational(new BigInteger(mantissa) << power, BigInteger.One)
            : new Rational(mantissa, BigInteger.One << -power);
    }

    /// <summary>The integer <paramref name="value"/>.</summary>
    public static Rational FromInteger(BigInteger value) => new(value, BigInteger.One);

    /// <summary>floor(this).</summary>
    public BigInteger Floor() => BigInteger.Divide(Numerator, Denominator);

    /// <summary>This value as a double (rounded).</summary>
    public double ToDouble() => IsZero ? 0 : Math.Exp(BigInteger.Log(Numerator) - BigInteger.Log(Denominator));

    /// <summary>a + b.</summary>
    public static Rational operator +(Rational a, Rational b) =>
        new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    /// <summary>a * b.</summary>
    public static Rational operator *(Rational a, Rational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    /// <summary>a / b.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    public static Rational operator /(Rational a, Rational b) =>
        b.IsZero ? throw new DivideByZeroException() : new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <summary>Compares a and b.</summary>
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    /// <summary>Compares a and b.</summary>
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    /// <summary>Compares a and b.</summary>
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    /// <summary>Compares a and b.</summary>
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>Equality of values.</summary>
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    /// <summary>Inequality of values.</summary>
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    /// <inheritdoc />
    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <inheritdoc />
    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Rational other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
}

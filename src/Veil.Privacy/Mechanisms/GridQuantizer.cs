namespace Veil.Privacy.Mechanisms;

/// <summary>
/// Moves values to and from the grid of multiples of a power-of-two granularity. Both directions are exact in
/// binary floating point (multiplying by a power of two only changes the exponent), so the only non-exact step of a
/// discrete mechanism is the rounding of the input, a deterministic function of it whose effect on sensitivity the
/// parameters account for.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class GridQuantizer
{
    private const double MaxGridValue = 4503599627370496.0; // 2^52: grid values and noise stay exact in a double

    /// <summary>round(value / granularity) as an integer (ties to even).</summary>
    /// <exception cref="PrivacyParameterException">The value is not finite or too large for the granularity.</exception>
    public static long ToGrid(double value, double granularity)
    {
        double scaled = value / granularity;
        if (!double.IsFinite(scaled) || Math.Abs(scaled) > MaxGridValue)
        {
            throw new PrivacyParameterException(
                $"value {value} cannot be released at granularity {granularity}: it must be finite and below 2^52 grid steps.");
        }

        return (long)Math.Round(scaled, MidpointRounding.ToEven);
    }

    /// <summary>index * granularity: exact while |index| &lt;= 2^53.</summary>
    public static double FromGrid(long index, double granularity) => index * granularity;

    /// <summary>The largest power of two not above <paramref name="value"/> &gt; 0.</summary>
    public static double PowerOfTwoAtMost(double value) => Math.Pow(2, Math.Floor(Math.Log2(value)));

    /// <summary>Validates a user-chosen granularity: a positive power of two.</summary>
    /// <exception cref="PrivacyParameterException">It is not.</exception>
    public static double Validate(double granularity)
    {
        if (!(granularity > 0) || !double.IsFinite(granularity) || !double.IsPow2(granularity))
        {
            throw new PrivacyParameterException($"granularity must be a positive power of two; got {granularity}.");
        }

        return granularity;
    }
}

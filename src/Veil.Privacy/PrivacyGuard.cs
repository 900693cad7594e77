using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Veil.Privacy;

/// <summary>Domain checks for privacy parameters; each failure is a <see cref="PrivacyParameterException"/> naming the
/// parameter, its allowed range and the value received.</summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class PrivacyGuard
{
    /// <summary>Requires 0 &lt; <paramref name="value"/> &lt; infinity.</summary>
    public static double Positive(double value, string name)
    {
        if (!(value > 0) || double.IsPositiveInfinity(value))
        {
            Fail(name, "must be a positive finite number", value);
        }

        return value;
    }

    /// <summary>Requires 0 &lt;= <paramref name="value"/> &lt; infinity.</summary>
    public static double NotNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            Fail(name, "must be a finite number of at least 0", value);
        }

        return value;
    }

    /// <summary>Requires a sampling probability: 0 &lt; <paramref name="value"/> &lt;= 1.</summary>
    public static double SampleRate(double value, string name)
    {
        if (!(value > 0 && value <= 1))
        {
            Fail(name, "must be in (0, 1]", value);
        }

        return value;
    }

    /// <summary>Requires a failure probability: 0 &lt; <paramref name="value"/> &lt; 1.</summary>
    public static double Delta(double value, string name)
    {
        if (!(value > 0 && value < 1))
        {
            Fail(name, "must be in (0, 1)", value);
        }

        return value;
    }

    /// <summary>Requires 0 &lt;= <paramref name="value"/> &lt; 1 (a delta of zero allowed).</summary>
    public static double DeltaOrZero(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            Fail(name, "must be in [0, 1)", value);
        }

        return value;
    }

    /// <summary>Requires a non-negative count.</summary>
    public static long NotNegative(long value, string name)
    {
        if (value < 0)
        {
            Fail(name, "must not be negative", value);
        }

        return value;
    }

    /// <summary>Requires a positive count.</summary>
    public static long Positive(long value, string name)
    {
        if (value <= 0)
        {
            Fail(name, "must be positive", value);
        }

        return value;
    }

    [DoesNotReturn]
    private static void Fail(string name, string rule, double value) =>
        throw new PrivacyParameterException(
            $"{name} {rule}; got {value.ToString("R", CultureInfo.InvariantCulture)}.");

    [DoesNotReturn]
    private static void Fail(string name, string rule, long value) =>
        throw new PrivacyParameterException($"{name} {rule}; got {value.ToString(CultureInfo.InvariantCulture)}.");
}

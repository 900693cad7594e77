using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Veil;

/// <summary>
/// Argument checks for public entry points. Each check is small enough to inline;
/// the throw sits in a separate <see cref="DoesNotReturnAttribute"/> helper so hot callers stay small.
/// Inside hot loops use <see cref="DebugGuard"/>, which compiles away in Release builds.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class Guard
{
    /// <summary>Throws when <paramref name="value"/> is null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T NotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
    {
        if (value is null)
        {
            ThrowNull(name);
        }

        return value;
    }

    /// <summary>Throws unless <paramref name="condition"/> holds.</summary>
    /// <exception cref="ArgumentException"><paramref name="condition"/> is false.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void IsTrue([DoesNotReturnIf(false)] bool condition, string name, string message)
    {
        if (!condition)
        {
            ThrowArgument(name, message);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is strictly positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is zero or negative.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Positive(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= 0)
        {
            ThrowOutOfRange(name, value, "must be positive");
        }

        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is zero or more.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NotNegative(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < 0)
        {
            ThrowOutOfRange(name, value, "must not be negative");
        }

        return value;
    }

    /// <summary>Throws unless <paramref name="min"/> &lt;= <paramref name="value"/> &lt;= <paramref name="max"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside [min, max].</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int InRange(int value, int min, int max, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < min || value > max)
        {
            ThrowOutOfRange(name, value, $"must be in [{min}, {max}]");
        }

        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is a finite number.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Finite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value))
        {
            ThrowOutOfRange(name, value, "must be a finite number");
        }

        return value;
    }

    /// <summary>Throws unless a span has exactly <paramref name="expected"/> elements.</summary>
    /// <exception cref="ArgumentException">The length differs.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LengthEquals(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            ThrowArgument(name, $"has length {actual}; expected {expected}");
        }
    }

    /// <summary>Throws unless a span has at least <paramref name="minimum"/> elements.</summary>
    /// <exception cref="ArgumentException">The span is too short.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LengthAtLeast(int actual, int minimum, string name)
    {
        if (actual < minimum)
        {
            ThrowArgument(name, $"has length {actual}; at least {minimum} required");
        }
    }

    [DoesNotReturn]
    private static void ThrowNull(string? name) => throw new ArgumentNullException(name);

    [DoesNotReturn]
    private static void ThrowArgument(string? name, string message) => throw new ArgumentException($"{name} {message}.", name);

    [DoesNotReturn]
    private static void ThrowOutOfRange(string? name, object value, string message) =>
        throw new ArgumentOutOfRangeException(name, value, $"{name} {message}.");
}

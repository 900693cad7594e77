using System.Diagnostics;

namespace Veil;

/// <summary>
/// Checks for hot paths: they run in Debug builds and vanish from Release builds.
/// Public entry points validate with <see cref="Guard"/>; internal kernels assert their preconditions here.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class DebugGuard
{
    /// <summary>Fails a Debug build's assertion when <paramref name="condition"/> is false.</summary>
    [Conditional("DEBUG")]
    public static void IsTrue(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Debug check failed: " + message);
        }
    }

    /// <summary>Fails a Debug build's assertion when the two lengths differ.</summary>
    [Conditional("DEBUG")]
    public static void LengthEquals(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"Debug check failed: {name} has length {actual}; expected {expected}.");
        }
    }
}

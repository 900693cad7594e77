using System.Runtime.CompilerServices;

namespace Veil.Random;

/// <summary>Uniform integers and reals drawn from any <see cref="IRandomSource"/>, without modulo bias.</summary>
/// <remarks>Thread-safety: as the underlying source.</remarks>
public static class RandomSourceExtensions
{
    /// <summary>Returns a uniform integer in [0, <paramref name="bound"/>), by Lemire's multiply-and-reject method.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is zero.</exception>
    public static ulong NextBelow(this IRandomSource source, ulong bound)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        ulong high = Math.BigMul(source.NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            // Reject the 2^64 mod bound low values that would make some outputs more likely than others.
            ulong threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(source.NextUInt64(), bound, out low);
            }
        }

        return high;
    }

    /// <summary>Returns a uniform integer in [0, <paramref name="bound"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is not positive.</exception>
    public static int NextInt32(this IRandomSource source, int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)source.NextBelow((ulong)bound);
    }

    /// <summary>Returns a uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double NextDouble(this IRandomSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return (source.NextUInt64() >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Returns a uniform double in (0, 1), never zero: safe to take a logarithm of.</summary>
    public static double NextOpenDouble(this IRandomSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ((source.NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));
    }
}

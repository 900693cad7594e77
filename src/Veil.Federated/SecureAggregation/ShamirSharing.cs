using System.Security.Cryptography;

namespace Veil.Federated.SecureAggregation;

/// <summary>
/// Shamir's t-of-n secret sharing of 32-byte secrets over the prime field GF(2^61 − 1): the secret is cut into five
/// chunks of at most 7 bytes (each below the prime), and each chunk is the constant term of its own random polynomial
/// of degree t − 1. Party x (a positive integer) holds the polynomials' values at x; any t shares give the secret back
/// by Lagrange interpolation at 0, and fewer reveal nothing about it.
/// </summary>
/// <remarks>Thread-safety: stateless; coefficients come from <see cref="RandomNumberGenerator"/>.</remarks>
public static class ShamirSharing
{
    /// <summary>The field's prime, 2^61 − 1.</summary>
    public const ulong Prime = (1UL << 61) - 1;

    /// <summary>The length of a secret in bytes.</summary>
    public const int SecretSize = 32;

    /// <summary>The field elements in one share.</summary>
    public const int ShareLength = 5;

    private const int ChunkBytes = 7;

    /// <summary>Shares <paramref name="secret"/> among the parties at <paramref name="points"/>: share i is the value at
    /// points[i].</summary>
    /// <exception cref="ArgumentException">The secret is not 32 bytes, a point is not in [1, 2^61 − 2], points repeat, or
    /// the threshold is not in [1, number of points].</exception>
    public static ulong[][] Split(ReadOnlySpan<byte> secret, int threshold, IReadOnlyList<long> points)
    {
        Guard.LengthEquals(secret.Length, SecretSize, nameof(secret));
        ArgumentNullException.ThrowIfNull(points);
        Guard.InRange(threshold, 1, Math.Max(1, points.Count));
        CheckPoints(points);
        ulong[] chunks = ToChunks(secret);
        var shares = new ulong[points.Count][];
        for (int i = 0; i < shares.Length; i++)
        {
            shares[i] = new ulong[ShareLength];
        }

        var coefficients = new ulong[threshold];
        Span<byte> bytes = stackalloc byte[8];
        for (int c = 0; c < ShareLength; c++)
        {
            coefficients[0] = chunks[c];
            for (int k = 1; k < threshold; k++)
            {
                coefficients[k] = RandomElement(bytes);
            }

            for (int i = 0; i < points.Count; i++)
            {
                // Horner at x.
                ulong x = (ulong)points[i], value = 0;
                for (int k = threshold - 1; k >= 0; k--)
                {
                    value = Add(Multiply(value, x), coefficients[k]);
                }

                shares[i][c] = value;
            }
        }

        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(coefficients.AsSpan()));
        return shares;
    }

    /// <summary>Recovers the secret from shares at distinct points (at least the threshold; all are used).</summary>
    /// <exception cref="ArgumentException">No shares, points repeat or are out of range, or a share is malformed.</exception>
    public static byte[] Combine(IReadOnlyList<long> points, IReadOnlyList<ulong[]> shares)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(shares);
        Guard.IsTrue(points.Count > 0 && points.Count == shares.Count, nameof(shares), "must hold one share per point, at least one");
        CheckPoints(points);
        foreach (ulong[] share in shares)
        {
            CheckShare(share);
        }

        // λ_i = Π_{j≠i} x_j / (x_j − x_i), the Lagrange weights at 0.
        var weights = new ulong[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            ulong numerator = 1, denominator = 1, xi = (ulong)points[i];
            for (int j = 0; j < points.Count; j++)
            {
                if (j != i)
                {
                    ulong xj = (ulong)points[j];
                    numerator = Multiply(numerator, xj);
                    denominator = Multiply(denominator, Subtract(xj, xi));
                }
            }

            weights[i] = Multiply(numerator, Inverse(denominator));
        }

        var chunks = new ulong[ShareLength];
        for (int c = 0; c < ShareLength; c++)
        {
            ulong value = 0;
            for (int i = 0; i < points.Count; i++)
            {
                value = Add(value, Multiply(weights[i], shares[i][c]));
            }

            chunks[c] = value;
        }

        return FromChunks(chunks);
    }

    /// <summary>Throws unless <paramref name="share"/> has <see cref="ShareLength"/> field elements.</summary>
    /// <exception cref="ArgumentException">The share is malformed.</exception>
    public static void CheckShare(ulong[]? share)
    {
        Guard.IsTrue(share is not null && share.Length == ShareLength && share.All(v => v < Prime), nameof(share), $"must hold {ShareLength} elements below 2^61 − 1");
    }

    internal static ulong Add(ulong a, ulong b)
    {
        ulong s = a + b;
        return s >= Prime ? s - Prime : s;
    }

    internal static ulong Subtract(ulong a, ulong b) => a >= b ? a - b : a + Prime - b;

    internal static ulong Multiply(ulong a, ulong b)
    {
        UInt128 p = (UInt128)a * b;
        ulong low = (ulong)p & Prime, high = (ulong)(p >> 61);
        return Add(low, high);
    }

    internal static ulong Inverse(ulong a)
    {
        // Fermat: a^(p−2).
        ulong result = 1, power = a, exponent = Prime - 2;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(result, power);
            }

            power = Multiply(power, power);
            exponent >>= 1;
        }

        return result;
    }

    private static void CheckPoints(IReadOnlyList<long> points)
    {
        var seen = new HashSet<long>();
        foreach (long x in points)
        {
            Guard.IsTrue(x >= 1 && (ulong)x < Prime && seen.Add(x), nameof(points), "must be distinct values in [1, 2^61 − 2]");
        }
    }

    private static ulong RandomElement(Span<byte> bytes)
    {
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            ulong v = BitConverter.ToUInt64(bytes) >> 3;
            if (v < Prime)
            {
                return v;
            }
        }
    }

    private static ulong[] ToChunks(ReadOnlySpan<byte> secret)
    {
        var chunks = new ulong[ShareLength];
        for (int c = 0; c < ShareLength; c++)
        {
            int start = c * ChunkBytes, length = Math.Min(ChunkBytes, SecretSize - start);
            ulong v = 0;
            for (int b = length - 1; b >= 0; b--)
            {
                v = (v << 8) | secret[start + b];
            }

            chunks[c] = v;
        }

        return chunks;
    }

    private static byte[] FromChunks(ulong[] chunks)
    {
        var secret = new byte[SecretSize];
        for (int c = 0; c < ShareLength; c++)
        {
            int start = c * ChunkBytes, length = Math.Min(ChunkBytes, SecretSize - start);
            ulong v = chunks[c];
            for (int b = 0; b < length; b++)
            {
                secret[start + b] = (byte)v;
                v >>= 8;
            }
        }

        return secret;
    }
}

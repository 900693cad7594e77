using System.Numerics;

namespace Veil.He.Paillier;

/// <summary>
/// Maps signed integers and fixed-point reals to Paillier plaintexts (Z_N) and back: v ↦ v mod N, and a plaintext
/// above N/2 reads as negative. Sums and scalar products stay correct while the true result lies in (−N/2, N/2].
/// Fixed point: x ↦ round(x · 2^f); a product of two fixed-point values carries 2f fractional bits.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class PaillierEncoding
{
    /// <summary>The plaintext of a signed integer.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside (−N/2, N/2].</exception>
    public static BigInteger EncodeSigned(BigInteger value, PaillierPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (value > key.HalfN || -value >= key.HalfN + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A signed Paillier plaintext must lie in (−N/2, N/2].");
        }

        return value.Sign < 0 ? value + key.N : value;
    }

    /// <summary>The signed integer of a plaintext in [0, N).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="plaintext"/> is outside [0, N).</exception>
    public static BigInteger DecodeSigned(BigInteger plaintext, PaillierPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (plaintext.Sign < 0 || plaintext >= key.N)
        {
            throw new ArgumentOutOfRangeException(nameof(plaintext), "A Paillier plaintext lies in [0, N).");
        }

        return plaintext > key.HalfN ? plaintext - key.N : plaintext;
    }

    /// <summary>The plaintext of <paramref name="value"/> · 2^<paramref name="fractionalBits"/>, rounded to nearest.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite, <paramref name="fractionalBits"/> is outside
    /// [0, 128], or the scaled value is out of range.</exception>
    public static BigInteger EncodeFixed(double value, int fractionalBits, PaillierPublicKey key)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fractionalBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fractionalBits, 128);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only finite values can be encoded.");
        }

        // Scale in two steps so that large fractional-bit counts do not overflow the double.
        int inDouble = Math.Min(fractionalBits, 52);
        BigInteger scaled = new BigInteger(Math.Round(Math.ScaleB(value, inDouble), MidpointRounding.ToEven)) << (fractionalBits - inDouble);
        return EncodeSigned(scaled, key);
    }

    /// <summary>The real value of a plaintext holding <paramref name="fractionalBits"/> fractional bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="plaintext"/> is outside [0, N).</exception>
    public static double DecodeFixed(BigInteger plaintext, int fractionalBits, PaillierPublicKey key)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fractionalBits);
        return Math.ScaleB((double)DecodeSigned(plaintext, key), -fractionalBits);
    }
}

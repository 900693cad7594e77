using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Veil.Arithmetic.Big;

/// <summary>
/// Modular exponentiation modulo a large odd integer in Montgomery form with 64-bit limbs: the multiplication is the
/// coarsely integrated operand scanning (CIOS) method of Koç, Acar and Kaliski (1996), the exponentiation a fixed
/// 5-bit window. For the moduli of Paillier (2048–8192 bits) it runs about three times as fast as
/// <see cref="BigInteger.ModPow(BigInteger, BigInteger, BigInteger)"/>, which reduces by division at every step.
/// </summary>
/// <remarks>
/// Limbs are little-endian <c>ulong</c>s. A value x is held as x·R mod m with R = 2^(64·s), s the modulus's limb count.
/// Timing depends on the exponent's bits only through the window lookups' count, which is fixed for a given exponent
/// length, but the table lookup and the final subtraction are not constant-time: use it for public exponents (Paillier's
/// r^N) and for secret exponents only where timing is not observable.
/// Thread-safety: immutable after construction; <see cref="Pow"/> allocates its own scratch and is safe for concurrent use.
/// </remarks>
public sealed class MontgomeryModulus
{
    private const int WindowBits = 5;

    private readonly ulong[] _modulus;
    private readonly ulong _inverse; // −m⁻¹ mod 2^64
    private readonly ulong[] _rSquared; // R² mod m

    /// <summary>Prepares the tables for <paramref name="modulus"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="modulus"/> is even or below 3.</exception>
    public MontgomeryModulus(BigInteger modulus)
    {
        Guard.IsTrue(modulus > 2 && !modulus.IsEven, nameof(modulus), "must be an odd integer above 2");
        Modulus = modulus;
        Limbs = (int)((modulus.GetBitLength() + 63) / 64);
        _modulus = ToLimbs(modulus, Limbs);

        // Newton's iteration for m⁻¹ mod 2^64: each step doubles the correct low bits (m·m ≡ 1 mod 8 to start).
        ulong inverse = _modulus[0];
        for (int i = 0; i < 5; i++)
        {
            inverse *= 2 - (_modulus[0] * inverse);
        }

        _inverse = unchecked(0 - inverse);
        _rSquared = ToLimbs(BigInteger.ModPow(2, 128 * Limbs, modulus), Limbs);
    }

    /// <summary>The modulus m.</summary>
    public BigInteger Modulus { get; }

    /// <summary>Number of 64-bit limbs of m.</summary>
    public int Limbs { get; }

    /// <summary><paramref name="value"/>^<paramref name="exponent"/> mod m.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exponent"/> is negative.</exception>
    public BigInteger Pow(BigInteger value, BigInteger exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        int s = Limbs;
        BigInteger reduced = BigInteger.Remainder(value, Modulus);
        if (reduced.Sign < 0)
        {
            reduced += Modulus;
        }

        int tableSize = 1 << WindowBits;
        var table = new ulong[tableSize * s];
        var scratch = new ulong[s + 2];
        var accumulator = new ulong[s];
        var one = new ulong[s];
        one[0] = 1;

        // table[k] = value^k in Montgomery form; table[0] = R mod m.
        Multiply(ToLimbs(reduced, s), _rSquared, table.AsSpan(s, s), scratch);
        Multiply(one, _rSquared, table.AsSpan(0, s), scratch);
        for (int k = 2; k < tableSize; k++)
        {
            Multiply(table.AsSpan((k - 1) * s, s), table.AsSpan(s, s), table.AsSpan(k * s, s), scratch);
        }

        table.AsSpan(0, s).CopyTo(accumulator);
        long bits = exponent.GetBitLength();
        byte[] exponentBytes = exponent.ToByteArray(isUnsigned: true, isBigEndian: false);
        long windows = (bits + WindowBits - 1) / WindowBits;
        for (long w = windows - 1; w >= 0; w--)
        {
            if (w != windows - 1)
            {
                for (int i = 0; i < WindowBits; i++)
                {
                    Multiply(accumulator, accumulator, accumulator, scratch);
                }
            }

            int digit = WindowDigit(exponentBytes, w * WindowBits);
            if (digit != 0)
            {
                Multiply(accumulator, table.AsSpan(digit * s, s), accumulator, scratch);
            }
        }

        // Out of Montgomery form: multiply by 1.
        Multiply(accumulator, one, accumulator, scratch);
        return FromLimbs(accumulator);
    }

    /// <summary>result = a·b·R⁻¹ mod m, for a, b in [0, m). <paramref name="result"/> may alias either input;
    /// <paramref name="t"/> is scratch of at least <see cref="Limbs"/> + 2 limbs.</summary>
    internal unsafe void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result, Span<ulong> t)
    {
        int s = Limbs;
        DebugGuard.IsTrue(a.Length >= s && b.Length >= s && result.Length >= s && t.Length >= s + 2, "operand lengths");
        t[..(s + 2)].Clear();
        fixed (ulong* pa = a, pb = b, pt = t, pm = _modulus)
        {
            for (int i = 0; i < s; i++)
            {
                // t += a·b[i]
                ulong bi = pb[i];
                ulong carry = 0;
                for (int j = 0; j < s; j++)
                {
                    ulong high = Math.BigMul(pa[j], bi, out ulong low);
                    ulong tj = pt[j];
                    low += tj;
                    high += low < tj ? 1UL : 0UL;
                    low += carry;
                    high += low < carry ? 1UL : 0UL;
                    pt[j] = low;
                    carry = high;
                }

                ulong sum = pt[s] + carry;
                pt[s + 1] = sum < carry ? 1UL : 0UL;
                pt[s] = sum;

                // t = (t + q·m) / 2^64, q chosen so that the low limb vanishes.
                ulong q = pt[0] * _inverse;
                ulong h0 = Math.BigMul(q, pm[0], out ulong l0);
                l0 += pt[0];
                carry = h0 + (l0 < pt[0] ? 1UL : 0UL);
                for (int j = 1; j < s; j++)
                {
                    ulong high = Math.BigMul(q, pm[j], out ulong low);
                    ulong tj = pt[j];
                    low += tj;
                    high += low < tj ? 1UL : 0UL;
                    low += carry;
                    high += low < carry ? 1UL : 0UL;
                    pt[j - 1] = low;
                    carry = high;
                }

                sum = pt[s] + carry;
                pt[s - 1] = sum;
                pt[s] = pt[s + 1] + (sum < carry ? 1UL : 0UL);
            }
        }

        // t < 2m: subtract m once if t ≥ m.
        ReadOnlySpan<ulong> m = _modulus;
        if (t[s] != 0 || !LessThan(t[..s], m))
        {
            ulong borrow = 0;
            for (int j = 0; j < s; j++)
            {
                ulong difference = t[j] - m[j] - borrow;
                borrow = (t[j] < m[j]) || (t[j] == m[j] && borrow != 0) ? 1UL : 0UL;
                result[j] = difference;
            }
        }
        else
        {
            t[..s].CopyTo(result);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool LessThan(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        for (int j = x.Length - 1; j >= 0; j--)
        {
            if (x[j] != y[j])
            {
                return x[j] < y[j];
            }
        }

        return false;
    }

    private static int WindowDigit(byte[] littleEndian, long bitOffset)
    {
        int digit = 0;
        for (int i = WindowBits - 1; i >= 0; i--)
        {
            long bit = bitOffset + i;
            long index = bit >> 3;
            int value = index < littleEndian.Length ? (littleEndian[index] >> (int)(bit & 7)) & 1 : 0;
            digit = (digit << 1) | value;
        }

        return digit;
    }

    internal static ulong[] ToLimbs(BigInteger value, int limbs)
    {
        // value < 2^(64·limbs), so its little-endian bytes fit.
        var result = new ulong[limbs];
        value.TryWriteBytes(MemoryMarshal.AsBytes(result.AsSpan()), out _, isUnsigned: true, isBigEndian: false);
        return result;
    }

    private static BigInteger FromLimbs(ReadOnlySpan<ulong> limbs) =>
        new(MemoryMarshal.AsBytes(limbs), isUnsigned: true, isBigEndian: false);
}

using System.Numerics;
using System.Runtime.CompilerServices;

namespace Veil.Arithmetic;

/// <summary>
/// An odd modulus q of at most <see cref="MaxBits"/> bits with its Barrett constants: the scalar modular arithmetic
/// that every kernel falls back to, and the constants the vector kernels broadcast.
/// </summary>
/// <remarks>
/// Inputs to the reducing methods must already lie in [0, q) unless a method says otherwise; results lie in [0, q).
/// A modulus below 2^<see cref="VectorBits"/> also supports the vector kernels, which estimate quotients in double
/// precision (see <see cref="SupportsVectorKernels"/>).
/// Thread-safety: immutable, safe from any thread.
/// </remarks>
public sealed class Modulus : IEquatable<Modulus>
{
    /// <summary>The largest bit length accepted: 4q must fit in 64 bits for the lazy NTT.</summary>
    public const int MaxBits = 61;

    /// <summary>Moduli below 2^VectorBits run the SIMD kernels: 4q &lt; 2^52 lets a double hold every lazy
    /// operand exactly and estimate a quotient to within one.</summary>
    public const int VectorBits = 50;

    /// <summary>Creates the modulus <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is even, below 3, or longer than <see cref="MaxBits"/> bits.</exception>
    public Modulus(ulong value)
    {
        if (value < 3 || (value & 1) == 0 || value >> MaxBits != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"A modulus must be odd, at least 3 and at most {MaxBits} bits.");
        }

        Value = value;
        BitCount = 64 - BitOperations.LeadingZeroCount(value);
        UInt128 ratio = UInt128.MaxValue / value; // floor((2^128 - 1) / q) == floor(2^128 / q) since q is odd.
        BarrettLow = (ulong)ratio;
        BarrettHigh = (ulong)(ratio >> 64);
        Barrett64 = ulong.MaxValue / value;
        Inverse = 1.0 / value;
    }

    /// <summary>The modulus q.</summary>
    public ulong Value { get; }

    /// <summary>The number of significant bits of q.</summary>
    public int BitCount { get; }

    /// <summary>True when q &lt; 2^50, so the vector kernels (which estimate quotients in doubles) apply.</summary>
    public bool SupportsVectorKernels => BitCount <= VectorBits;

    /// <summary>Low word of floor(2^128 / q).</summary>
    internal ulong BarrettLow { get; }

    /// <summary>High word of floor(2^128 / q).</summary>
    internal ulong BarrettHigh { get; }

    /// <summary>floor(2^64 / q).</summary>
    internal ulong Barrett64 { get; }

    /// <summary>1 / q rounded to a double.</summary>
    internal double Inverse { get; }

    /// <summary>Returns x mod q for any 64-bit x (Barrett reduction with floor(2^64/q)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Reduce(ulong x)
    {
        // q̂ = floor(x * floor(2^64/q) / 2^64) is at most one below floor(x/q), so r lies in [0, 2q).
        ulong r = x - Math.BigMul(x, Barrett64, out _) * Value;
        return r >= Value ? r - Value : r;
    }

    /// <summary>Returns (high·2^64 + low) mod q for a 128-bit value below q·2^64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Reduce(ulong high, ulong low)
    {
        // q̂ = floor(x·floor(2^128/q) / 2^128) computed exactly from the four partial products; it is at most one
        // below floor(x/q), so the remainder lies in [0, 2q).
        UInt128 t = ((UInt128)low * BarrettLow) >> 64;
        t += (UInt128)low * BarrettHigh;
        t += (UInt128)high * BarrettLow;
        ulong quotient = (ulong)(t >> 64) + high * BarrettHigh;
        ulong r = low - quotient * Value;
        return r >= Value ? r - Value : r;
    }

    /// <summary>Returns (a + b) mod q for a, b in [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Add(ulong a, ulong b)
    {
        ulong s = a + b;
        return s >= Value ? s - Value : s;
    }

    /// <summary>Returns (a - b) mod q for a, b in [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Subtract(ulong a, ulong b) => a >= b ? a - b : a + Value - b;

    /// <summary>Returns -a mod q for a in [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Negate(ulong a) => a == 0 ? 0 : Value - a;

    /// <summary>Returns a·b mod q for a, b in [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Multiply(ulong a, ulong b)
    {
        ulong high = Math.BigMul(a, b, out ulong low);
        return Reduce(high, low);
    }

    /// <summary>Returns x mod q for a signed x, in [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReduceSigned(long x) => x >= 0 ? Reduce((ulong)x) : Negate(Reduce((ulong)(-(x + 1)) + 1));

    /// <summary>Returns x mod q for an arbitrary integer x, in [0, q).</summary>
    public ulong Reduce(BigInteger x)
    {
        BigInteger r = BigInteger.Remainder(x, Value);
        return (ulong)(r.Sign < 0 ? r + Value : r);
    }

    /// <summary>Returns a^exponent mod q.</summary>
    public ulong Power(ulong a, ulong exponent)
    {
        ulong result = 1 % Value;
        ulong b = Reduce(a);
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(result, b);
            }

            b = Multiply(b, b);
            exponent >>= 1;
        }

        return result;
    }

    /// <summary>Returns the inverse of a modulo q.</summary>
    /// <exception cref="ArithmeticException">a has no inverse modulo q.</exception>
    public ulong Invert(ulong a)
    {
        // Extended Euclid on (a mod q, q), tracking the coefficient of a as a signed 128-bit value.
        long r0 = (long)Value, r1 = (long)Reduce(a);
        Int128 t0 = 0, t1 = 1;
        while (r1 != 0)
        {
            long quotient = r0 / r1;
            (r0, r1) = (r1, r0 - (quotient * r1));
            (t0, t1) = (t1, t0 - (quotient * t1));
        }

        if (r0 != 1)
        {
            throw new ArithmeticException($"{a} has no inverse modulo {Value}.");
        }

        Int128 result = t0 % (Int128)Value;
        return (ulong)(result < 0 ? result + Value : result);
    }

    /// <summary>Precomputes the Shoup form of the constant <paramref name="w"/> in [0, q) for repeated multiplication.</summary>
    public ShoupMultiplier Shoup(ulong w) => new(Reduce(w), this);

    /// <inheritdoc />
    public bool Equals(Modulus? other) => other is not null && other.Value == Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Modulus);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"{Value} ({BitCount} bits)";
}

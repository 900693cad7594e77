using System.Numerics;

namespace Veil.Arithmetic.Big;

/// <summary>Modular inverses of big integers by the extended Euclidean algorithm.</summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class ModularInverse
{
    /// <summary>x with <paramref name="value"/>·x ≡ 1 (mod <paramref name="modulus"/>), in [0, modulus).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="modulus"/> is below 2.</exception>
    /// <exception cref="ArithmeticException"><paramref name="value"/> shares a factor with the modulus.</exception>
    public static BigInteger Of(BigInteger value, BigInteger modulus)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modulus, 2);
        BigInteger a = BigInteger.Remainder(value, modulus);
        if (a.Sign < 0)
        {
            a += modulus;
        }

        // Invariant: oldS·value ≡ oldR and s·value ≡ r (mod modulus).
        BigInteger oldR = a, r = modulus, oldS = BigInteger.One, s = BigInteger.Zero;
        while (!r.IsZero)
        {
            BigInteger quotient = BigInteger.DivRem(oldR, r, out BigInteger remainder);
            (oldR, r) = (r, remainder);
            (oldS, s) = (s, oldS - (quotient * s));
        }

        if (!oldR.IsOne)
        {
            throw new ArithmeticException("The value has no inverse: it shares a factor with the modulus.");
        }

        return oldS.Sign < 0 ? oldS + modulus : oldS;
    }
}

using System.Numerics;
using Veil.Arithmetic.Big;
using Veil.Random;

namespace Veil.He.Paillier;

/// <summary>Generates Paillier key pairs: two random primes of half the modulus size each, from the OS CSPRNG.</summary>
/// <remarks>
/// The primes have their two top bits set, so N has exactly the bits asked for, and equal sizes, so gcd(N, φ(N)) = 1
/// and g = N + 1 is a valid generator. Safe primes (p = 2p' + 1) are optional: Paillier does not need them, and they
/// cost minutes at 3072 bits. Thread-safety: stateless, safe from any thread (each call draws its own randomness).
/// </remarks>
public static class PaillierKeyGenerator
{
    /// <summary>The default modulus size: 3072 bits, 128-bit security.</summary>
    public const int DefaultModulusBits = 3072;

    /// <summary>Generates a key pair.</summary>
    /// <param name="modulusBits">Bits of N: a multiple of 256 in [2048, 8192]. 2048 gives 112-bit security, 3072 128-bit.</param>
    /// <param name="safePrimes">Draw p and q as safe primes.</param>
    /// <param name="random">The randomness source; the OS CSPRNG when null.</param>
    /// <exception cref="InsecureParametersException"><paramref name="modulusBits"/> is below 2048.</exception>
    /// <exception cref="InvalidParametersException"><paramref name="modulusBits"/> is not a multiple of 256 or above 8192.</exception>
    public static PaillierKeyPair Generate(int modulusBits = DefaultModulusBits, bool safePrimes = false, IRandomSource? random = null)
    {
        if (modulusBits < PaillierPublicKey.MinModulusBits)
        {
            throw new InsecureParametersException(
                $"A Paillier modulus of {modulusBits} bits is below {PaillierPublicKey.MinModulusBits} bits (112-bit security, NIST SP 800-57); use 3072 for 128-bit.");
        }

        if (modulusBits % 256 != 0 || modulusBits > PaillierPublicKey.MaxModulusBits)
        {
            throw new InvalidParametersException(
                $"A Paillier modulus must be a multiple of 256 bits up to {PaillierPublicKey.MaxModulusBits}; {modulusBits} is not.");
        }

        random ??= new CryptoRandom();
        int half = modulusBits / 2;
        BigInteger p = Prime(half, safePrimes, random);
        BigInteger q;
        do
        {
            q = Prime(half, safePrimes, random);
        }
        while (q == p);

        var secretKey = new PaillierSecretKey(p, q);
        return new PaillierKeyPair(secretKey.PublicKey, secretKey);
    }

    private static BigInteger Prime(int bits, bool safe, IRandomSource random) =>
        safe ? LargePrimes.RandomSafePrime(bits, random) : LargePrimes.RandomPrime(bits, random);
}

using System.Numerics;
using Veil.Random;

namespace Veil.Arithmetic.Big;

/// <summary>
/// Primality testing and random prime generation for integers of hundreds to thousands of bits (Paillier moduli):
/// trial division by the primes below 2^14, then Miller–Rabin with bases drawn from a random source.
/// </summary>
/// <remarks>
/// With <see cref="DefaultRounds"/> = 64 Miller–Rabin rounds, a composite passes with probability at most 4^-64 = 2^-128
/// whatever the candidate, so the bound holds even for adversarial inputs (FIPS 186-5, appendix B.3, asks for far fewer
/// rounds when candidates are random). Thread-safety: stateless; the random source must not be shared across threads.
/// </remarks>
public static class LargePrimes
{
    /// <summary>Miller–Rabin rounds used by default: error at most 2^-128.</summary>
    public const int DefaultRounds = 64;

    private const int SmallPrimeLimit = 1 << 14;

    private static readonly int[] SmallPrimes = SievePrimes(SmallPrimeLimit);

    /// <summary>Whether <paramref name="candidate"/> is prime, with error probability at most 4^-<paramref name="rounds"/>.</summary>
    /// <param name="candidate">The integer to test (any sign; negatives and 0, 1 are not prime).</param>
    /// <param name="random">Draws the Miller–Rabin bases.</param>
    /// <param name="rounds">Miller–Rabin rounds.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rounds"/> is not positive.</exception>
    public static bool IsProbablePrime(BigInteger candidate, IRandomSource random, int rounds = DefaultRounds)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        if (candidate < 2)
        {
            return false;
        }

        foreach (int p in SmallPrimes)
        {
            if (candidate == p)
            {
                return true;
            }

            if (candidate % p == 0)
            {
                return false;
            }
        }

        // Below SmallPrimeLimit² every composite has a factor the loop above found.
        if (candidate < (BigInteger)SmallPrimeLimit * SmallPrimeLimit)
        {
            return true;
        }

        return MillerRabin(candidate, random, rounds);
    }

    /// <summary>A uniformly chosen prime of exactly <paramref name="bits"/> bits whose two top bits are set, so that the
    /// product of two such primes has exactly 2·<paramref name="bits"/> bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is below 16.</exception>
    public static BigInteger RandomPrime(int bits, IRandomSource random, int rounds = DefaultRounds)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 16);
        while (true)
        {
            BigInteger candidate = RandomWithTopBits(bits, random) | BigInteger.One;
            if (IsProbablePrime(candidate, random, rounds))
            {
                return candidate;
            }
        }
    }

    /// <summary>A random safe prime p = 2q + 1 (q prime) of exactly <paramref name="bits"/> bits with its two top bits
    /// set. Much slower than <see cref="RandomPrime"/>: about (bits·ln 2)² / 8 candidates are tried on average.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is below 16.</exception>
    public static BigInteger RandomSafePrime(int bits, IRandomSource random, int rounds = DefaultRounds)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 16);
        while (true)
        {
            // p with both top bits set and p ≡ 3 (mod 4), so that q = (p - 1) / 2 is odd; then q and p are tested.
            BigInteger p = RandomWithTopBits(bits, random) | 3;
            BigInteger q = p >> 1;
            if (!PassesTrialDivision(q) || !PassesTrialDivision(p))
            {
                continue;
            }

            // One Fermat check on p first rejects most candidates before the full tests.
            if (!new MontgomeryModulus(p).Pow(2, p - 1).IsOne)
            {
                continue;
            }

            if (IsProbablePrime(q, random, rounds) && IsProbablePrime(p, random, rounds))
            {
                return p;
            }
        }
    }

    /// <summary>A uniform integer in [1, <paramref name="bound"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is below 2.</exception>
    public static BigInteger RandomBelow(BigInteger bound, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 2);
        int bits = (int)bound.GetBitLength();
        while (true)
        {
            BigInteger value = RandomBits(bits, random);
            if (value > 0 && value < bound)
            {
                return value;
            }
        }
    }

    private static bool PassesTrialDivision(BigInteger candidate)
    {
        foreach (int p in SmallPrimes)
        {
            if (candidate % p == 0)
            {
                return candidate == p;
            }
        }

        return true;
    }

    private static bool MillerRabin(BigInteger n, IRandomSource random, int rounds)
    {
        BigInteger minusOne = n - 1;
        BigInteger d = minusOne;
        int s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }

        var montgomery = new MontgomeryModulus(n);
        for (int round = 0; round < rounds; round++)
        {
            // A base in [2, n - 2].
            BigInteger a = RandomBelow(n - 3, random) + 1;
            BigInteger x = montgomery.Pow(a, d);
            if (x.IsOne || x == minusOne)
            {
                continue;
            }

            bool witness = true;
            for (int r = 1; r < s; r++)
            {
                x = x * x % n;
                if (x == minusOne)
                {
                    witness = false;
                    break;
                }
            }

            if (witness)
            {
                return false;
            }
        }

        return true;
    }

    private static BigInteger RandomWithTopBits(int bits, IRandomSource random) =>
        RandomBits(bits, random) | (BigInteger.One << (bits - 1)) | (BigInteger.One << (bits - 2));

    /// <summary>A uniform integer in [0, 2^bits).</summary>
    internal static BigInteger RandomBits(int bits, IRandomSource random)
    {
        byte[] bytes = new byte[(bits + 7) / 8];
        random.Fill(bytes);
        int excess = (bytes.Length * 8) - bits;
        bytes[^1] &= (byte)(0xFF >> excess);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    private static int[] SievePrimes(int limit)
    {
        var composite = new bool[limit];
        var primes = new List<int>();
        for (int i = 2; i < limit; i++)
        {
            if (composite[i])
            {
                continue;
            }

            primes.Add(i);
            for (long j = (long)i * i; j < limit; j += i)
            {
                composite[j] = true;
            }
        }

        return [.. primes];
    }
}

namespace Veil.Arithmetic;

/// <summary>
/// Primality testing and the deterministic generation of NTT-friendly primes (q ≡ 1 mod 2N), the moduli of an RNS
/// chain.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class Primes
{
    private static readonly ulong[] Witnesses = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

    /// <summary>True when <paramref name="n"/> is prime. Deterministic Miller-Rabin: the first twelve prime bases
    /// decide every 64-bit integer.</summary>
    public static bool IsPrime(ulong n)
    {
        if (n < 2)
        {
            return false;
        }

        foreach (ulong p in Witnesses)
        {
            if (n % p == 0)
            {
                return n == p;
            }
        }

        ulong d = n - 1;
        int s = 0;
        while ((d & 1) == 0)
        {
            d >>= 1;
            s++;
        }

        foreach (ulong a in Witnesses)
        {
            if (!PassesWitness(a, d, s, n))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Generates distinct primes q ≡ 1 (mod 2N), one per entry of <paramref name="bitSizes"/>, where an entry b asks for
    /// a prime in (2^(b-1), 2^b). For each bit size the primes are taken in descending order from 2^b, in the order the
    /// entries appear, so the result depends only on N and the list (SEAL's convention: {43,43,44,44,44} at N = 8192 gives
    /// SEAL's default 218-bit chain).
    /// </summary>
    /// <param name="logN">log2 of the ring degree N.</param>
    /// <param name="bitSizes">The bit size of each prime, each in [20, <see cref="Modulus.MaxBits"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is outside the range, or logN outside [1, 20].</exception>
    /// <exception cref="ArgumentException">Not enough primes of some size exist.</exception>
    public static ulong[] GenerateNttPrimes(int logN, IReadOnlyList<int> bitSizes)
    {
        ArgumentNullException.ThrowIfNull(bitSizes);
        Guard.InRange(logN, 1, 20);
        ulong step = 2UL << logN;
        var next = new Dictionary<int, ulong>();
        var result = new ulong[bitSizes.Count];
        for (int i = 0; i < result.Length; i++)
        {
            int bits = bitSizes[i];
            if (bits < 20 || bits > Modulus.MaxBits)
            {
                throw new ArgumentOutOfRangeException(nameof(bitSizes), bits, $"Prime bit sizes must lie in [20, {Modulus.MaxBits}].");
            }

            if (!next.TryGetValue(bits, out ulong candidate))
            {
                // The largest value below 2^bits that is 1 mod 2N.
                candidate = ((1UL << bits) - 1) / step * step + 1;
            }

            ulong floor = 1UL << (bits - 1);
            while (candidate > floor && !IsPrime(candidate))
            {
                candidate -= step;
            }

            if (candidate <= floor)
            {
                throw new ArgumentException($"Not enough {bits}-bit primes congruent to 1 mod {step}.", nameof(bitSizes));
            }

            result[i] = candidate;
            next[bits] = candidate - step;
        }

        return result;
    }

    private static bool PassesWitness(ulong a, ulong d, int s, ulong n)
    {
        ulong x = PowMod(a % n, d, n);
        if (x == 1 || x == n - 1)
        {
            return true;
        }

        for (int r = 1; r < s; r++)
        {
            x = (ulong)((UInt128)x * x % n);
            if (x == n - 1)
            {
                return true;
            }
        }

        return false;
    }

    private static ulong PowMod(ulong b, ulong e, ulong n)
    {
        ulong result = 1;
        while (e != 0)
        {
            if ((e & 1) != 0)
            {
                result = (ulong)((UInt128)result * b % n);
            }

            b = (ulong)((UInt128)b * b % n);
            e >>= 1;
        }

        return result;
    }
}

namespace Veil.Arithmetic.Tests;

public class PrimesTests
{
    [Fact]
    public void PrimalityAgreesWithTrialDivision()
    {
        for (ulong n = 0; n < 20_000; n++)
        {
            bool expected = n >= 2;
            for (ulong d = 2; d * d <= n && expected; d++)
            {
                expected = n % d != 0;
            }

            Assert.Equal(expected, Primes.IsPrime(n));
        }

        Assert.True(Primes.IsPrime(2305843009213693951UL)); // 2^61 − 1
        Assert.False(Primes.IsPrime(3215031751UL)); // strong pseudoprime to bases 2, 3, 5, 7
        Assert.False(Primes.IsPrime(4611686014132420609UL)); // (2^31 − 1)^2
    }

    [Fact]
    public void GeneratedChainsAreNttFriendlyDistinctAndDeterministic()
    {
        int[] sizes = [43, 43, 44, 44, 44];
        ulong[] primes = Primes.GenerateNttPrimes(13, sizes);
        Assert.Equal(primes, Primes.GenerateNttPrimes(13, sizes));
        Assert.Equal(primes.Length, primes.Distinct().Count());
        for (int i = 0; i < primes.Length; i++)
        {
            Assert.True(Primes.IsPrime(primes[i]));
            Assert.Equal(1UL, primes[i] % (2UL << 13));
            Assert.Equal(sizes[i], 64 - System.Numerics.BitOperations.LeadingZeroCount(primes[i]));
        }

        // Same size: descending from 2^b, in order of appearance.
        Assert.True(primes[0] > primes[1]);
        Assert.True(primes[2] > primes[3] && primes[3] > primes[4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Primes.GenerateNttPrimes(13, [62]));
    }
}

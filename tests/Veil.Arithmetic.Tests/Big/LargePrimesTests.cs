using System.Numerics;
using Veil.Arithmetic.Big;
using Veil.Random;

namespace Veil.Arithmetic.Tests.Big;

public class LargePrimesTests
{
    private readonly CryptoRandom _random = new();

    [Theory]
    [InlineData("2", true)]
    [InlineData("16381", true)] // the largest prime below 2^14, the trial-division limit
    [InlineData("269419387", false)] // 16411 × 16417: both prime and above the trial-division limit
    [InlineData("561", false)] // Carmichael numbers fool Fermat, not Miller–Rabin
    [InlineData("41041", false)]
    [InlineData("3215031751", false)] // a strong pseudoprime to bases 2, 3, 5 and 7
    [InlineData("170141183460469231731687303715884105727", true)] // 2^127 − 1
    [InlineData("0", false)]
    [InlineData("1", false)]
    [InlineData("-7", false)]
    public void Known_primes_and_composites(string value, bool prime)
    {
        BigInteger n = BigInteger.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(prime, LargePrimes.IsProbablePrime(n, _random));
    }

    [Fact]
    public void Mersenne_521_is_prime_and_its_product_with_another_prime_is_not()
    {
        BigInteger m521 = (BigInteger.One << 521) - 1;
        BigInteger m607 = (BigInteger.One << 607) - 1;
        Assert.True(LargePrimes.IsProbablePrime(m521, _random));
        Assert.False(LargePrimes.IsProbablePrime(m521 * m607, _random));
        Assert.False(LargePrimes.IsProbablePrime((BigInteger.One << 523) - 1, _random)); // 2^523 − 1 is composite
    }

    [Fact]
    public void Random_primes_have_exactly_the_bits_asked_and_both_top_bits()
    {
        BigInteger p = LargePrimes.RandomPrime(512, _random), q = LargePrimes.RandomPrime(512, _random);
        Assert.Equal(512, p.GetBitLength());
        Assert.True(((p >> 510) & 3) == 3);
        Assert.Equal(1024, (p * q).GetBitLength());
        Assert.True(LargePrimes.IsProbablePrime(p, _random));
    }

    [Fact]
    public void Safe_primes_are_safe()
    {
        BigInteger p = LargePrimes.RandomSafePrime(160, _random);
        Assert.Equal(160, p.GetBitLength());
        Assert.True(LargePrimes.IsProbablePrime(p, _random));
        Assert.True(LargePrimes.IsProbablePrime((p - 1) / 2, _random));
    }

    [Fact]
    public void Modular_inverse_inverts_and_refuses_non_units()
    {
        BigInteger m = (BigInteger.One << 127) - 1;
        BigInteger a = BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(BigInteger.One, a * ModularInverse.Of(a, m) % m);
        BigInteger inverseOfNegative = ModularInverse.Of(-a, m);
        Assert.InRange(inverseOfNegative, BigInteger.Zero, m - 1);
        Assert.Equal(BigInteger.One, (((-a * inverseOfNegative) % m) + m) % m);
        Assert.Throws<ArithmeticException>(() => ModularInverse.Of(6, 9));
    }
}

using System.Numerics;
using System.Security.Cryptography;
using Veil.Arithmetic.Big;

namespace Veil.Arithmetic.Tests.Big;

public class MontgomeryModulusTests
{
    private static BigInteger Random(int bits) =>
        new BigInteger(RandomNumberGenerator.GetBytes((bits + 7) / 8), isUnsigned: true) >> ((8 - (bits % 8)) % 8);

    [Theory]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(127)]
    [InlineData(1024)]
    [InlineData(2048)]
    [InlineData(4096)]
    public void Pow_matches_BigInteger_ModPow(int bits)
    {
        for (int trial = 0; trial < 6; trial++)
        {
            BigInteger modulus = Random(bits) | 1 | (BigInteger.One << (bits - 1));
            if (modulus < 3)
            {
                modulus = 3;
            }

            var montgomery = new MontgomeryModulus(modulus);
            BigInteger value = Random(bits + 10), exponent = Random(Math.Max(1, bits / (trial + 1)));
            Assert.Equal(BigInteger.ModPow(value, exponent, modulus), montgomery.Pow(value, exponent));
        }
    }

    [Fact]
    public void Edge_cases_match()
    {
        // All-ones limbs make the carries and the final subtraction run their longest.
        BigInteger modulus = (BigInteger.One << 256) - 189; // prime, near 2^256
        var montgomery = new MontgomeryModulus(modulus);
        foreach (BigInteger value in new[] { BigInteger.Zero, BigInteger.One, modulus - 1, modulus, modulus + 1, -5, (BigInteger.One << 300) - 1 })
        {
            foreach (BigInteger exponent in new[] { BigInteger.Zero, BigInteger.One, new BigInteger(2), new BigInteger(31), new BigInteger(32), modulus - 2, (BigInteger.One << 256) - 1 })
            {
                BigInteger expected = BigInteger.ModPow(value, exponent, modulus);
                if (expected.Sign < 0)
                {
                    expected += modulus;
                }

                Assert.Equal(expected, montgomery.Pow(value, exponent));
            }
        }

        Assert.Throws<ArgumentException>(() => new MontgomeryModulus(1024));
        Assert.Throws<ArgumentOutOfRangeException>(() => montgomery.Pow(2, -1));
    }
}

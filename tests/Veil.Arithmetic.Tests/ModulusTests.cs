using System.Numerics;

namespace Veil.Arithmetic.Tests;

public class ModulusTests
{
    [Theory]
    [MemberData(nameof(TestModuli.Sizes), MemberType = typeof(TestModuli))]
    public void ScalarArithmeticMatchesBigIntegers(int bits)
    {
        var m = TestModuli.OfBits(bits);
        ulong q = m.Value;
        var random = new System.Random(bits);
        for (int i = 0; i < 2000; i++)
        {
            ulong a = (ulong)random.NextInt64((long)q), b = (ulong)random.NextInt64((long)q);
            ulong any = ((ulong)random.NextInt64() << 1) ^ (ulong)random.NextInt64();
            Assert.Equal(Reference.Mul(a, b, q), m.Multiply(a, b));
            Assert.Equal(any % q, m.Reduce(any));
            ulong high = (ulong)random.NextInt64((long)Math.Min(q, long.MaxValue)), low = any;
            Assert.Equal((ulong)((((UInt128)high << 64) | low) % q), m.Reduce(high, low));
            Assert.Equal((a + (UInt128)b) % q, (UInt128)m.Add(a, b));
            Assert.Equal(((UInt128)a + q - b) % q, (UInt128)m.Subtract(a, b));
            long signed = random.NextInt64(long.MinValue, long.MaxValue);
            Assert.Equal((ulong)(((BigInteger)signed % q + q) % q), m.ReduceSigned(signed));
            Assert.Equal(Reference.Mul(a, b, q), m.Shoup(b).Multiply(a, q));
            Assert.True(m.Shoup(b).MultiplyLazy(any, q) < 2 * q);
            Assert.Equal(Reference.Mul(any % q, b, q), m.Shoup(b).MultiplyLazy(any, q) % q);
        }

        Assert.Equal((ulong)(((BigInteger)long.MinValue % q + q) % q), m.ReduceSigned(long.MinValue));
        ulong x = (ulong)random.NextInt64(1, (long)q);
        Assert.Equal(1UL, m.Multiply(x, m.Invert(x)));
        Assert.Equal(Reference.Pow(x, 12345, q), m.Power(x, 12345));
        Assert.Throws<ArithmeticException>(() => m.Invert(0));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(2UL)]
    [InlineData(1UL << 62 | 1)]
    public void InvalidModuliAreRefused(ulong value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Modulus(value));

    [Fact]
    public void VectorSupportStopsAtFiftyBits()
    {
        Assert.True(TestModuli.OfBits(50).SupportsVectorKernels);
        Assert.False(TestModuli.OfBits(55).SupportsVectorKernels);
    }
}

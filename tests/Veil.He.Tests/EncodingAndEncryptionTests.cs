using System.Numerics;
using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.He.Tests;

public class EncodingAndEncryptionTests(Context8192 context) : IClassFixture<Context8192>
{
    [Fact]
    public void EncodeDecodeRoundTripsAtEveryLevel()
    {
        Complex[] values = HeContext.RandomComplex(context.Slots, 1);
        for (int level = 0; level <= context.Parameters.MaxLevel; level++)
        {
            Plaintext plaintext = context.Encoder.EncodeNew(values, level);
            // Rounding to integers at scale 2^40 costs at most about N·2^-41 per slot.
            HeContext.AssertClose(values, context.Encoder.DecodeComplexNew(plaintext), 1e-8, $"level {level}");
        }
    }

    [Fact]
    public void RealValuesDecodeWithZeroImaginaryParts()
    {
        double[] values = HeContext.RandomValues(100, 2, 50);
        Complex[] decoded = context.Encoder.DecodeComplexNew(context.Encoder.EncodeNew(values));
        HeContext.AssertClose(values.Select(v => new Complex(v, 0)).ToArray(), decoded.AsSpan(0, 100), 1e-8);
        HeContext.AssertClose(new Complex[context.Slots - 100], decoded.AsSpan(100), 1e-8, "unused slots");
    }

    [Fact]
    public void PublicKeyEncryptionDecryptsWithinTheNoiseBound()
    {
        double[] values = HeContext.RandomValues(context.Slots, 3);
        // Fresh noise u·e + e0 + e1·s is about 2^11 in the coefficients, 2^-29 per slot at scale 2^40; bound at 2^-20.
        HeContext.AssertClose(values, context.Decrypt(context.Encrypt(values)), Math.Pow(2, -20));
    }

    [Fact]
    public void SymmetricEncryptionDecryptsWithinTheNoiseBound()
    {
        double[] values = HeContext.RandomValues(context.Slots, 4);
        Ciphertext ciphertext = context.SymmetricEncryptor.EncryptNew(context.Encoder.EncodeNew(values));
        HeContext.AssertClose(values, context.Decrypt(ciphertext), Math.Pow(2, -20));
        SeededCiphertext seeded = context.SymmetricEncryptor.EncryptSeededNew(context.Encoder.EncodeNew(values, level: 1));
        HeContext.AssertClose(values, context.Decrypt(seeded.Expand()), Math.Pow(2, -20), "seeded");
    }

    [Fact]
    public void AnotherSecretKeyDoesNotDecrypt()
    {
        double[] values = HeContext.RandomValues(context.Slots, 5);
        Ciphertext ciphertext = context.Encrypt(values);
        var stranger = new Decryptor(context.Parameters, new KeyGenerator(context.Parameters).GenSecretKeyNew());
        double[] garbage = context.Encoder.DecodeNew(stranger.DecryptNew(ciphertext));
        Assert.True(values.Zip(garbage, (a, b) => Math.Abs(a - b)).Max() > 1e3);
    }

    [Fact]
    public void TooManyValuesOrNonFiniteValuesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => context.Encoder.EncodeNew(new double[context.Slots + 1]));
        Assert.Throws<ArgumentException>(() => context.Encoder.EncodeNew([double.NaN]));
    }

    [Fact]
    public void ValuesTooLargeForTheModulusAreATypedError()
    {
        // Level 0 has q_0 ≈ 2^49. A constant vector is the constant polynomial: 1024 at scale 2^40 is 2^50.
        double[] large = Enumerable.Repeat(1024.0, context.Slots).ToArray();
        var error = Assert.Throws<ScaleOverflowException>(() => context.Encoder.EncodeNew(large, level: 0));
        Assert.Contains("level 0", error.Message, StringComparison.Ordinal);
        context.Encoder.EncodeNew(large, level: 1);
        context.Encoder.EncodeNew(Enumerable.Repeat(100.0, context.Slots).ToArray(), level: 0);
    }
}

using Veil.Arithmetic;
using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.He.Tests;

/// <summary>The fresh noise of public-key encryption, measured: modulo QP divided by P (SEAL's way, the default)
/// against modulo Q only. The expected standard deviations are derived in <see cref="PublicKeyEncryption"/>'s remarks.</summary>
public class PublicKeyEncryptionTests(Context8192 context) : IClassFixture<Context8192>
{
    /// <summary>Standard deviation and largest magnitude of the noise of fresh encryptions of zero.</summary>
    private (double Deviation, long Max) FreshNoise(Encryptor encryptor, int level)
    {
        double sumSquares = 0;
        long max = 0, count = 0;
        Modulus q0 = context.Parameters.RingQ[0];
        for (int sample = 0; sample < 2; sample++)
        {
            var ciphertext = new Ciphertext(context.Parameters, 1, level, context.Parameters.DefaultScale);
            encryptor.EncryptZero(ciphertext, level, context.Parameters.DefaultScale);
            Plaintext noise = context.Decryptor.DecryptNew(ciphertext);
            ulong[] row = noise.Value[0].ToArray();
            Ntt.Inverse(row, context.Parameters.RingQ.Tables[0]);
            foreach (ulong v in row)
            {
                long centered = v > q0.Value / 2 ? -(long)(q0.Value - v) : (long)v;
                sumSquares += (double)centered * centered;
                max = Math.Max(max, Math.Abs(centered));
                count++;
            }
        }

        return (Math.Sqrt(sumSquares / count), max);
    }

    [Fact]
    public void Encryption_modulo_QP_leaves_about_a_fifteenth_of_the_noise_of_encryption_modulo_Q()
    {
        int n = context.Parameters.N;
        var qp = new Encryptor(context.Parameters, context.PublicKey);
        var q = new Encryptor(context.Parameters, context.PublicKey, mode: PublicKeyEncryption.ModuloQ);
        Assert.Equal(PublicKeyEncryption.ModuloQP, qp.Mode);

        // Modulo Q: σ·√(4N/3) = 334 at N = 8192. Modulo QP: the rounding of the division by P, √(N/18) = 21.
        (double deviationQ, _) = FreshNoise(q, context.Parameters.MaxLevel);
        (double deviationQP, long maxQP) = FreshNoise(qp, context.Parameters.MaxLevel);
        double expectedQ = 3.2 * Math.Sqrt(4.0 * n / 3), expectedQP = Math.Sqrt(n / 18.0);
        Assert.InRange(deviationQ, 0.9 * expectedQ, 1.1 * expectedQ);
        Assert.InRange(deviationQP, 0.9 * expectedQP, 1.1 * expectedQP);
        Assert.InRange(maxQP, 1, (long)(7 * expectedQP));

        // The same at a lower level.
        (double lowQP, _) = FreshNoise(qp, 1);
        Assert.InRange(lowQP, 0.9 * expectedQP, 1.1 * expectedQP);
    }

    [Fact]
    public void Both_modes_decrypt_to_the_message()
    {
        double[] values = HeContext.RandomValues(context.Slots, 7, 10);
        var encoder = new CkksEncoder(context.Parameters);
        foreach (PublicKeyEncryption mode in Enum.GetValues<PublicKeyEncryption>())
        {
            var encryptor = new Encryptor(context.Parameters, context.PublicKey, mode: mode);
            for (int level = 0; level <= context.Parameters.MaxLevel; level += context.Parameters.MaxLevel)
            {
                Ciphertext c = encryptor.EncryptNew(encoder.EncodeNew(values, level));
                HeContext.AssertClose(values, encoder.DecodeNew(context.Decryptor.DecryptNew(c)).AsSpan(0, values.Length), 1e-6, $"{mode}, level {level}");
            }
        }
    }

    [Fact]
    public void A_version_1_public_key_reads_without_its_P_part_and_encrypts_modulo_Q_only()
    {
        var old = new KeyGenerator(context.Parameters).GenPublicKeyNew(context.SecretKey);
        old.HasSpecialPrimePart = false; // what a version 1 file held
        using var stream = new MemoryStream();
        old.WriteTo(stream);
        Assert.Equal(old.SerializedSize(), stream.Length);
        stream.Position = 0;
        PublicKey read = PublicKey.ReadFrom(stream, context.Parameters);
        Assert.False(read.HasSpecialPrimePart);

        VeilException error = Assert.Throws<VeilException>(() => new Encryptor(context.Parameters, read));
        Assert.Contains("ModuloQ", error.Message);
        var encryptor = new Encryptor(context.Parameters, read, mode: PublicKeyEncryption.ModuloQ);
        double[] values = [1.5, -2.25];
        var encoder = new CkksEncoder(context.Parameters);
        HeContext.AssertClose(values, encoder.DecodeNew(context.Decryptor.DecryptNew(encryptor.EncryptNew(encoder.EncodeNew(values)))).AsSpan(0, 2), 1e-6);
    }

    [Fact]
    public void A_current_public_key_round_trips_with_its_P_part()
    {
        foreach (bool compact in new[] { true, false })
        {
            using var stream = new MemoryStream();
            context.PublicKey.WriteTo(stream, compact);
            Assert.Equal(context.PublicKey.SerializedSize(compact), stream.Length);
            stream.Position = 0;
            PublicKey read = PublicKey.ReadFrom(stream, context.Parameters);
            Assert.True(read.HasSpecialPrimePart);
            Assert.Equal(context.PublicKey.BP.AsSpan().ToArray(), read.BP.AsSpan().ToArray());
            Assert.Equal(context.PublicKey.AP.AsSpan().ToArray(), read.AP.AsSpan().ToArray());
        }
    }
}

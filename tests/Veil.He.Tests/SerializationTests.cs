using Veil.He.Ckks;
using Veil.He.Rlwe;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Tests;

public class SerializationTests(Context8192 context) : IClassFixture<Context8192>
{
    private double[] X => HeContext.RandomValues(context.Slots, 20);

    private static byte[] Bytes(Action<Stream> write)
    {
        var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    [Fact]
    public void CiphertextsRoundTripAndReportTheirSize()
    {
        double[] x = X;
        foreach (Ciphertext ciphertext in new[] { context.Encrypt(x), context.Encrypt(x, level: 1), context.Evaluator.MultiplyNew(context.Encrypt(x), context.Encrypt(x)) })
        {
            byte[] bytes = Bytes(ciphertext.WriteTo);
            Assert.Equal(ciphertext.SerializedSize, bytes.Length);
            Ciphertext read = Ciphertext.ReadFrom(new MemoryStream(bytes), context.Parameters);
            Assert.Equal((ciphertext.Degree, ciphertext.Level, ciphertext.Scale), (read.Degree, read.Level, read.Scale));
            Assert.Equal(bytes, Bytes(read.WriteTo));
        }
    }

    [Fact]
    public void SeededCiphertextsTravelAtHalfSize()
    {
        double[] x = X;
        SeededCiphertext seeded = context.SymmetricEncryptor.EncryptSeededNew(context.Encoder.EncodeNew(x));
        byte[] compact = Bytes(seeded.WriteTo);
        Assert.Equal(seeded.SerializedSize, compact.Length);
        Ciphertext expanded = seeded.Expand();
        byte[] full = Bytes(expanded.WriteTo);
        Assert.InRange(compact.Length / (double)full.Length, 0.49, 0.51);
        Ciphertext read = Ciphertext.ReadFrom(new MemoryStream(compact), context.Parameters);
        Assert.Equal(full, Bytes(read.WriteTo));
        HeContext.AssertClose(x, context.Decrypt(read), 1e-6);
    }

    /// <summary>A truncated level-0 ciphertext decrypts within the stated error (standard deviation ≤ 2^−8/5 per slot,
    /// so 0.01 is over 12σ) and is smaller; dropping 12 bits more breaks that bound, so the bound is what protects it.</summary>
    [Fact]
    public void TruncatedCiphertextsDecryptWithinTheirBoundAndAreSmaller()
    {
        double[] x = X;
        Ciphertext ciphertext = context.Encrypt(x, level: 0);
        double[] exact = context.Decrypt(ciphertext);
        int dropped = TruncatedCiphertext.DroppedBits(context.Parameters, ciphertext.Scale);
        Assert.True(dropped > 0, $"dropped {dropped}");
        byte[] bytes = Bytes(s => TruncatedCiphertext.Write(ciphertext, dropped, s));
        Assert.Equal(TruncatedCiphertext.SerializedSize(context.Parameters, 1, dropped), bytes.Length);
        Assert.True(bytes.Length < ciphertext.SerializedSize * 0.8, $"{bytes.Length} vs {ciphertext.SerializedSize}");
        Ciphertext read = TruncatedCiphertext.Read(new MemoryStream(bytes), context.Parameters);
        Assert.Equal((1, 0, ciphertext.Scale), (read.Degree, read.Level, read.Scale));
        double error = MaxError(exact, context.Decrypt(read));
        Assert.InRange(error, 1e-12, 0.01);

        byte[] coarse = Bytes(s => TruncatedCiphertext.Write(ciphertext, dropped + 12, s));
        Assert.True(MaxError(exact, context.Decrypt(TruncatedCiphertext.Read(new MemoryStream(coarse), context.Parameters))) > 0.01);

        Assert.Throws<ArgumentException>(() => TruncatedCiphertext.Write(context.Encrypt(x, level: 1), dropped, new MemoryStream()));
        bytes[^40] ^= 1;
        Assert.ThrowsAny<VeilFormatException>(() => TruncatedCiphertext.Read(new MemoryStream(bytes), context.Parameters));
    }

    private static double MaxError(double[] a, double[] b) => a.Zip(b, (u, v) => Math.Abs(u - v)).Max();

    [Fact]
    public void PlaintextsRoundTrip()
    {
        Plaintext plaintext = context.Encoder.EncodeNew(X, level: 2, scale: Math.Pow(2, 30));
        byte[] bytes = Bytes(plaintext.WriteTo);
        Assert.Equal(plaintext.SerializedSize, bytes.Length);
        Plaintext read = Plaintext.ReadFrom(new MemoryStream(bytes), context.Parameters);
        Assert.Equal((2, Math.Pow(2, 30)), (read.Level, read.Scale));
        Assert.Equal(bytes, Bytes(read.WriteTo));
    }

    [Fact]
    public void KeysRoundTripCompactAndFull()
    {
        double[] x = X;
        byte[] secret = Bytes(context.SecretKey.WriteTo);
        Assert.Equal(context.SecretKey.SerializedSize, secret.Length);
        var decryptor = new Decryptor(context.Parameters, SecretKey.ReadFrom(new MemoryStream(secret), context.Parameters));

        foreach (bool compact in new[] { true, false })
        {
            byte[] publicKey = Bytes(s => context.PublicKey.WriteTo(s, compact));
            Assert.Equal(context.PublicKey.SerializedSize(compact), publicKey.Length);
            var encryptor = new Encryptor(context.Parameters, PublicKey.ReadFrom(new MemoryStream(publicKey), context.Parameters));
            HeContext.AssertClose(x, context.Encoder.DecodeNew(decryptor.DecryptNew(encryptor.EncryptNew(context.Encoder.EncodeNew(x)))), 1e-6, "public key");

            byte[] keys = Bytes(s => context.Keys.WriteTo(s, compact));
            Assert.Equal(context.Keys.SerializedSize(compact), keys.Length);
            EvaluationKeys read = EvaluationKeys.ReadFrom(new MemoryStream(keys), context.Parameters);
            Assert.Equal(context.Keys.GaloisKeys.Keys.Order(), read.GaloisKeys.Keys.Order());
            Assert.Equal(keys, Bytes(s => read.WriteTo(s, compact)));
            var evaluator = new CkksEvaluator(context.Parameters, read);
            Ciphertext a = context.Encrypt(x);
            Ciphertext result = evaluator.RotateNew(evaluator.RescaleNew(evaluator.MultiplyRelinearizeNew(a, a)), 1);
            double[] expected = Enumerable.Range(0, context.Slots).Select(j => x[(j + 1) % context.Slots] * x[(j + 1) % context.Slots]).ToArray();
            HeContext.AssertClose(expected, context.Encoder.DecodeNew(decryptor.DecryptNew(result)), 1e-5, "evaluation keys");
        }

        Assert.InRange(context.Keys.SerializedSize(true) / (double)context.Keys.SerializedSize(false), 0.49, 0.51);
        Assert.InRange(context.PublicKey.SerializedSize(true) / (double)context.PublicKey.SerializedSize(false), 0.49, 0.51);

        RelinearizationKey relinearization = context.Keys.Relinearization!;
        byte[] relin = Bytes(s => relinearization.WriteTo(s));
        Assert.Equal(relinearization.SerializedSize(), relin.Length);
        Assert.Equal(relin, Bytes(s => RelinearizationKey.ReadFrom(new MemoryStream(relin), context.Parameters).WriteTo(s)));
        GaloisKey galois = context.Keys.GaloisKeys.Values.First();
        byte[] galoisBytes = Bytes(s => galois.WriteTo(s));
        Assert.Equal(galois.SerializedSize(), galoisBytes.Length);
        Assert.Equal(galois.GaloisElement, GaloisKey.ReadFrom(new MemoryStream(galoisBytes), context.Parameters).GaloisElement);
    }

    [Fact]
    public void ObjectsOfOtherParametersAreAParameterMismatch()
    {
        Parameters other = Parameters.Create(CkksPresets.Seal8192);
        byte[] ciphertext = Bytes(context.Encrypt(X).WriteTo);
        var error = Assert.Throws<ParameterMismatchException>(() => Ciphertext.ReadFrom(new MemoryStream(ciphertext), other));
        Assert.Contains(other.ShortId, error.Message, StringComparison.Ordinal);
        Assert.Throws<ParameterMismatchException>(() => EvaluationKeys.ReadFrom(new MemoryStream(Bytes(s => context.Keys.WriteTo(s))), other));
        Assert.Throws<ParameterMismatchException>(() => SecretKey.ReadFrom(new MemoryStream(Bytes(context.SecretKey.WriteTo)), other));

        // In memory too: a ciphertext of other parameters given to an evaluator.
        var foreign = new Ciphertext(other);
        Assert.Throws<ParameterMismatchException>(() => context.Evaluator.AddNew(context.Encrypt(X), foreign));
        Assert.Throws<ParameterMismatchException>(() => new Encryptor(other, context.PublicKey));
    }

    [Fact]
    public void TruncatedTamperedOrForeignDataIsAFormatError()
    {
        byte[] bytes = Bytes(context.Encrypt(X).WriteTo);
        Assert.Throws<VeilFormatException>(() => Ciphertext.ReadFrom(new MemoryStream(bytes[..(bytes.Length / 2)]), context.Parameters));
        byte[] tampered = (byte[])bytes.Clone();
        tampered[bytes.Length / 2] ^= 0x40;
        Assert.Contains("checksum", Assert.Throws<VeilFormatException>(() => Ciphertext.ReadFrom(new MemoryStream(tampered), context.Parameters)).Message, StringComparison.Ordinal);
        Assert.Throws<VeilFormatException>(() => Plaintext.ReadFrom(new MemoryStream(bytes), context.Parameters));
        Assert.Throws<VeilFormatException>(() => Ciphertext.ReadFrom(new MemoryStream([1, 2, 3]), context.Parameters));
    }

    [Fact]
    public void AResidueAboveItsModulusIsRefusedEvenWithAValidChecksum()
    {
        // Re-envelope a ciphertext payload whose first residue is all ones (above q_0), with a correct checksum.
        byte[] bytes = Bytes(context.Encrypt(X).WriteTo);
        byte[] payload = bytes[Envelope.HeaderSize..^Envelope.ChecksumSize];
        int firstResidue = 32 + 4 + 4 + 8 + 1;
        for (int i = 0; i < 7; i++)
        {
            payload[firstResidue + i] = 0xFF;
        }

        var stream = new MemoryStream();
        Envelope.Write(stream, HeObjectKinds.Ciphertext, HeObjectKinds.Version, payload);
        stream.Position = 0;
        Assert.Contains("not below its modulus", Assert.Throws<VeilFormatException>(() => Ciphertext.ReadFrom(stream, context.Parameters)).Message, StringComparison.Ordinal);
    }
}

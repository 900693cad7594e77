using System.Numerics;
using System.Security.Cryptography;
using Veil.He.Paillier;

namespace Veil.He.Tests.Paillier;

public class PaillierTests(PaillierKeys keys) : IClassFixture<PaillierKeys>
{
    private PaillierPublicKey Key => keys.Pair.PublicKey;

    private static BigInteger RandomSigned(int bits)
    {
        var value = new BigInteger(RandomNumberGenerator.GetBytes(bits / 8), isUnsigned: true);
        return RandomNumberGenerator.GetInt32(2) == 0 ? value : -value;
    }

    [Fact]
    public void Key_has_the_size_and_security_asked_for()
    {
        Assert.Equal(2048, Key.ModulusBits);
        Assert.Equal(112, Key.SecurityBits);
        Assert.Equal(128, PaillierPublicKey.SecurityOf(3072));
        Assert.Equal(Key.N, keys.Pair.SecretKey.P * keys.Pair.SecretKey.Q);
    }

    [Fact]
    public void Small_moduli_are_refused()
    {
        Assert.Throws<InsecureParametersException>(() => PaillierKeyGenerator.Generate(1024));
        Assert.Throws<InvalidParametersException>(() => PaillierKeyGenerator.Generate(2100));
    }

    [Fact]
    public void Decryption_inverts_encryption_and_matches_the_textbook_formula()
    {
        // Textbook decryption m = L(c^λ mod N²)·μ mod N, computed here independently of the CRT decryptor.
        BigInteger p = keys.Pair.SecretKey.P, q = keys.Pair.SecretKey.Q, n = Key.N, n2 = Key.NSquared;
        BigInteger lambda = (p - 1) * (q - 1) / BigInteger.GreatestCommonDivisor(p - 1, q - 1);
        BigInteger mu = Arithmetic.Big.ModularInverse.Of((BigInteger.ModPow(n + 1, lambda, n2) - 1) / n, n);
        foreach (BigInteger m in new[] { BigInteger.Zero, BigInteger.One, n - 1, new BigInteger(RandomNumberGenerator.GetBytes(200), isUnsigned: true) })
        {
            PaillierCiphertext c = keys.Encryptor.Encrypt(m);
            Assert.Equal(m, keys.Decryptor.Decrypt(c));
            Assert.Equal(m, (BigInteger.ModPow(c.Value, lambda, n2) - 1) / n * mu % n);
        }
    }

    [Fact]
    public void Encryption_is_randomized()
    {
        PaillierCiphertext a = keys.Encryptor.Encrypt(42), b = keys.Encryptor.Encrypt(42);
        Assert.NotEqual(a.Value, b.Value);
        Assert.Equal(keys.Decryptor.Decrypt(a), keys.Decryptor.Decrypt(b));
    }

    [Fact]
    public void Homomorphisms_hold_for_signed_values()
    {
        for (int trial = 0; trial < 8; trial++)
        {
            BigInteger a = RandomSigned(512), b = RandomSigned(512), k = RandomSigned(64);
            PaillierCiphertext ea = keys.Encryptor.EncryptSigned(a), eb = keys.Encryptor.EncryptSigned(b);
            Assert.Equal(a + b, keys.Decryptor.DecryptSigned(keys.Evaluator.Add(ea, eb)));
            Assert.Equal(a - b, keys.Decryptor.DecryptSigned(keys.Evaluator.Subtract(ea, eb)));
            Assert.Equal(-a, keys.Decryptor.DecryptSigned(keys.Evaluator.Negate(ea)));
            Assert.Equal(a + b, keys.Decryptor.DecryptSigned(keys.Evaluator.AddPlain(ea, b)));
            Assert.Equal(k * a, keys.Decryptor.DecryptSigned(keys.Evaluator.MultiplyPlain(ea, k)));
        }

        Assert.Equal(BigInteger.Zero, keys.Decryptor.Decrypt(keys.Evaluator.MultiplyPlain(keys.Encryptor.Encrypt(5), 0)));
    }

    [Fact]
    public void Arithmetic_wraps_modulo_N()
    {
        PaillierCiphertext top = keys.Encryptor.Encrypt(Key.N - 1);
        Assert.Equal(BigInteger.One, keys.Decryptor.Decrypt(keys.Evaluator.AddPlain(top, 2)));
    }

    [Fact]
    public void Rerandomizing_changes_the_value_and_keeps_the_plaintext()
    {
        PaillierCiphertext a = keys.Encryptor.EncryptSigned(-7);
        PaillierCiphertext b = keys.Evaluator.Rerandomize(a, keys.Encryptor);
        Assert.NotEqual(a.Value, b.Value);
        Assert.Equal(-7, keys.Decryptor.DecryptSigned(b));
    }

    [Fact]
    public void Fixed_point_round_trips_within_half_a_unit()
    {
        foreach (double x in new[] { 0.0, 1.5, -3.25, Math.PI, -1e9 / 7 })
        {
            BigInteger plaintext = PaillierEncoding.EncodeFixed(x, 20, Key);
            double back = PaillierEncoding.DecodeFixed(keys.Decryptor.Decrypt(keys.Encryptor.Encrypt(plaintext)), 20, Key);
            // Rounding to the grid costs at most 2^-21; converting back to a double at most one ulp of x.
            Assert.InRange(Math.Abs(back - x), 0, Math.ScaleB(1, -21) + Math.BitIncrement(Math.Abs(x)) - Math.Abs(x));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => PaillierEncoding.EncodeFixed(double.NaN, 16, Key));
        Assert.Throws<ArgumentOutOfRangeException>(() => PaillierEncoding.EncodeSigned(Key.N, Key));
    }

    [Fact]
    public void Pooled_randomness_is_used_once_each_and_decrypts()
    {
        var pool = new PaillierRandomnessPool(Key);
        pool.Precompute(6);
        Assert.Equal(6, pool.Count);
        var encryptor = new PaillierEncryptor(Key, pool);
        var values = Enumerable.Range(0, 8).Select(i => encryptor.EncryptSigned(i - 4)).ToArray();
        Assert.Equal(0, pool.Count); // six from the pool, then two computed fresh
        Assert.Equal(values.Length, values.Select(v => v.Value).Distinct().Count());
        Assert.Equal(Enumerable.Range(-4, 8).Select(i => (BigInteger)i), values.Select(keys.Decryptor.DecryptSigned));
        Assert.Throws<ParameterMismatchException>(() => new PaillierEncryptor(keys.Other.PublicKey, pool));
    }

    [Fact]
    public void Vectors_add_and_take_inner_products()
    {
        BigInteger[] a = [.. Enumerable.Range(0, 12).Select(_ => RandomSigned(32))];
        BigInteger[] b = [.. Enumerable.Range(0, 12).Select(_ => RandomSigned(32))];
        BigInteger[] w = [.. Enumerable.Range(0, 12).Select(_ => RandomSigned(16))];
        PaillierVector ea = keys.Encryptor.EncryptVector([.. a.Select(v => PaillierEncoding.EncodeSigned(v, Key))]);
        PaillierVector eb = keys.Encryptor.EncryptVector([.. b.Select(v => PaillierEncoding.EncodeSigned(v, Key))]);
        BigInteger[] sum = keys.Decryptor.DecryptVector(keys.Evaluator.Add(ea, eb));
        Assert.Equal(a.Zip(b, (x, y) => x + y), sum.Select(v => PaillierEncoding.DecodeSigned(v, Key)));
        BigInteger dot = a.Zip(w, (x, y) => x * y).Aggregate(BigInteger.Zero, (s, t) => s + t);
        Assert.Equal(dot, keys.Decryptor.DecryptSigned(keys.Evaluator.DotPlain(ea, w)));
        Assert.Throws<ArgumentException>(() => keys.Evaluator.DotPlain(ea, w[..5]));
    }

    [Fact]
    public void Objects_of_another_key_are_refused()
    {
        var otherEncryptor = new PaillierEncryptor(keys.Other.PublicKey);
        PaillierCiphertext foreign = otherEncryptor.Encrypt(1);
        Assert.Throws<ParameterMismatchException>(() => keys.Decryptor.Decrypt(foreign));
        Assert.Throws<ParameterMismatchException>(() => keys.Evaluator.Add(keys.Encryptor.Encrypt(1), foreign));
        using var stream = new MemoryStream();
        foreign.WriteTo(stream, keys.Other.PublicKey);
        stream.Position = 0;
        Assert.Throws<ParameterMismatchException>(() => PaillierCiphertext.ReadFrom(stream, Key));
    }

    [Fact]
    public void Keys_ciphertexts_and_vectors_round_trip_and_truncation_is_refused()
    {
        PaillierPublicKey publicKey = RoundTrip(Key.WriteTo, s => PaillierPublicKey.ReadFrom(s));
        Assert.Equal(Key.N, publicKey.N);
        PaillierSecretKey secretKey = RoundTrip(keys.Pair.SecretKey.WriteTo, s => PaillierSecretKey.ReadFrom(s));
        PaillierCiphertext c = keys.Encryptor.EncryptSigned(-123456789);
        PaillierCiphertext read = RoundTrip(s => c.WriteTo(s, Key), s => PaillierCiphertext.ReadFrom(s, publicKey));
        Assert.Equal(-123456789, new PaillierDecryptor(secretKey).DecryptSigned(read));
        PaillierVector vector = keys.Encryptor.EncryptVector([1, 2, 3]);
        PaillierVector readVector = RoundTrip(vector.WriteTo, s => PaillierVector.ReadFrom(s, Key));
        Assert.Equal([1, 2, 3], keys.Decryptor.DecryptVector(readVector));

        using var full = new MemoryStream();
        vector.WriteTo(full);
        Assert.Equal(vector.SerializedSize, full.Length);
        byte[] truncated = full.ToArray()[..^40];
        Assert.Throws<VeilFormatException>(() => PaillierVector.ReadFrom(new MemoryStream(truncated), Key));
    }

    [Fact]
    public void A_ciphertext_value_outside_the_group_is_refused()
    {
        using var stream = new MemoryStream();
        new PaillierCiphertext(Key.N, Key.Fingerprint).WriteTo(stream, Key); // shares the factor N with N²
        stream.Position = 0;
        Assert.Throws<VeilFormatException>(() => PaillierCiphertext.ReadFrom(stream, Key));
    }

    [Fact]
    public void A_secret_key_whose_primes_are_not_primes_is_refused()
    {
        using var stream = new MemoryStream();
        BigInteger p = keys.Pair.SecretKey.P;
        var writer = new IO.PayloadWriter();
        foreach (BigInteger v in new[] { p, (keys.Pair.SecretKey.Q * 3) | 1 })
        {
            byte[] bytes = v.ToByteArray(isUnsigned: true, isBigEndian: true);
            writer.WriteInt32(bytes.Length);
            writer.WriteBytes(bytes);
        }

        IO.Envelope.Write(stream, PaillierObjectKinds.SecretKey, Serialization.HeObjectKinds.Version, writer);
        stream.Position = 0;
        Assert.Throws<VeilFormatException>(() => PaillierSecretKey.ReadFrom(stream));
    }

    private static T RoundTrip<T>(Action<Stream> write, Func<Stream, T> read)
    {
        using var stream = new MemoryStream();
        write(stream);
        stream.Position = 0;
        return read(stream);
    }
}

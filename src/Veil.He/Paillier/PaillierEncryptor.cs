using System.Numerics;
using Veil.Random;

namespace Veil.He.Paillier;

/// <summary>
/// Encrypts under a public key: E(m) = (1 + m·N) · r^N mod N², taking r^N from a <see cref="PaillierRandomnessPool"/>
/// when one is given and not empty, and computing it fresh otherwise.
/// </summary>
/// <remarks>Thread-safety: safe for concurrent use (fresh randomness comes from a per-thread CSPRNG; the pool is
/// concurrent).</remarks>
public sealed class PaillierEncryptor
{
    [ThreadStatic]
    private static CryptoRandom? t_random;

    private readonly PaillierRandomnessPool? _pool;

    /// <summary>Creates an encryptor for <paramref name="key"/>.</summary>
    /// <param name="key">The public key.</param>
    /// <param name="pool">Precomputed randomness for this key, or null to compute it at each encryption.</param>
    /// <exception cref="ParameterMismatchException">The pool belongs to another key.</exception>
    public PaillierEncryptor(PaillierPublicKey key, PaillierRandomnessPool? pool = null)
    {
        Key = Guard.NotNull(key);
        if (pool is not null && pool.Key.Fingerprint != key.Fingerprint)
        {
            throw new ParameterMismatchException("The randomness pool was made for another Paillier key.");
        }

        _pool = pool;
    }

    /// <summary>The public key.</summary>
    public PaillierPublicKey Key { get; }

    /// <summary>Encrypts <paramref name="plaintext"/>, an integer in [0, N) (see <see cref="PaillierEncoding"/> for signed
    /// and fixed-point values).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="plaintext"/> is outside [0, N).</exception>
    public PaillierCiphertext Encrypt(BigInteger plaintext)
    {
        if (plaintext.Sign < 0 || plaintext >= Key.N)
        {
            throw new ArgumentOutOfRangeException(nameof(plaintext), "A Paillier plaintext must lie in [0, N).");
        }

        BigInteger noise = _pool is not null && _pool.TryTake(out BigInteger pooled)
            ? pooled
            : PaillierRandomnessPool.Fresh(Key, t_random ??= new CryptoRandom());

        // g^m = (1 + N)^m = 1 + m·N (mod N²): no exponentiation for the message.
        BigInteger value = (((plaintext * Key.N) + 1) * noise) % Key.NSquared;
        return new PaillierCiphertext(value, Key.Fingerprint);
    }

    /// <summary>Encrypts a signed integer in (−N/2, N/2].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public PaillierCiphertext EncryptSigned(BigInteger value) => Encrypt(PaillierEncoding.EncodeSigned(value, Key));

    /// <summary>Encrypts each value of <paramref name="plaintexts"/> (each in [0, N)) on up to
    /// <paramref name="threads"/> threads (0 = all cores).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside [0, N).</exception>
    public PaillierVector EncryptVector(IReadOnlyList<BigInteger> plaintexts, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(plaintexts);
        var values = new PaillierCiphertext[plaintexts.Count];
        Parallel.For(0, values.Length, Parallelism.Options(threads), i => values[i] = Encrypt(plaintexts[i]));
        return new PaillierVector(Key, values);
    }
}

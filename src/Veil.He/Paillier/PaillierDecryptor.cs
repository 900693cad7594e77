using System.Numerics;
using Veil.Arithmetic.Big;

namespace Veil.He.Paillier;

/// <summary>
/// Decrypts with the secret key by the Chinese remainder theorem: m_p = L_p(c^(p−1) mod p²)·h_p mod p, the same for q,
/// then m = m_q + q·((m_p − m_q)·q^−1 mod p). Two exponentiations at half the size cost about a quarter of the direct
/// m = L(c^λ mod N²)·μ mod N.
/// </summary>
/// <remarks>Thread-safety: immutable, safe for concurrent use.</remarks>
public sealed class PaillierDecryptor
{
    private readonly PaillierSecretKey _key;

    /// <summary>Creates a decryptor.</summary>
    public PaillierDecryptor(PaillierSecretKey secretKey)
    {
        _key = Guard.NotNull(secretKey);
    }

    /// <summary>The matching public key.</summary>
    public PaillierPublicKey PublicKey => _key.PublicKey;

    /// <summary>The plaintext in [0, N).</summary>
    /// <exception cref="ParameterMismatchException">The ciphertext was made under another key.</exception>
    public BigInteger Decrypt(PaillierCiphertext ciphertext)
    {
        PublicKey.Check(ciphertext);
        BigInteger c = ciphertext.Value;
        BigInteger mp = Half(c, _key.P, _key.PSquaredModulus, _key.Hp);
        BigInteger mq = Half(c, _key.Q, _key.QSquaredModulus, _key.Hq);
        BigInteger difference = ((mp - mq) * _key.QInverseModP) % _key.P;
        if (difference.Sign < 0)
        {
            difference += _key.P;
        }

        return mq + (_key.Q * difference);
    }

    /// <summary>The plaintext read as a signed integer in (−N/2, N/2].</summary>
    /// <exception cref="ParameterMismatchException">The ciphertext was made under another key.</exception>
    public BigInteger DecryptSigned(PaillierCiphertext ciphertext) => PaillierEncoding.DecodeSigned(Decrypt(ciphertext), PublicKey);

    /// <summary>Decrypts every element of <paramref name="vector"/> on up to <paramref name="threads"/> threads (0 = all).</summary>
    /// <exception cref="ParameterMismatchException">The vector was made under another key.</exception>
    public BigInteger[] DecryptVector(PaillierVector vector, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var plaintexts = new BigInteger[vector.Count];
        Parallel.For(0, plaintexts.Length, Parallelism.Options(threads), i => plaintexts[i] = Decrypt(vector[i]));
        return plaintexts;
    }

    private static BigInteger Half(BigInteger c, BigInteger prime, MontgomeryModulus primeSquared, BigInteger h) =>
        PaillierSecretKey.L(primeSquared.Pow(c, prime - 1), prime) * h % prime;
}

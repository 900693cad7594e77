using System.Numerics;
using Veil.Arithmetic.Big;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Paillier;

/// <summary>
/// A Paillier secret key: the primes p and q of N, with the tables of CRT decryption (h_p = L_p(g^(p−1) mod p²)^−1 mod p,
/// the same for q, and q^−1 mod p).
/// </summary>
/// <remarks>
/// Held only by the party that decrypts (<see cref="PaillierDecryptor"/>); nothing that evaluates takes one. Writing it is
/// an explicit call (kind "PASK"); keep the file private (e.g. <see cref="PrivateFile"/>). The values are immutable
/// <see cref="BigInteger"/>s, which cannot be wiped from memory. Thread-safety: immutable, safe from any thread.
/// </remarks>
public sealed class PaillierSecretKey
{
    internal PaillierSecretKey(BigInteger p, BigInteger q)
    {
        if (p < q)
        {
            (p, q) = (q, p);
        }

        P = p;
        Q = q;
        PublicKey = new PaillierPublicKey(p * q);
        PSquared = p * p;
        QSquared = q * q;
        BigInteger g = PublicKey.N + 1;
        Hp = ModularInverse.Of(L(BigInteger.ModPow(g, p - 1, PSquared), p), p);
        Hq = ModularInverse.Of(L(BigInteger.ModPow(g, q - 1, QSquared), q), q);
        QInverseModP = ModularInverse.Of(q, p);
        PSquaredModulus = new MontgomeryModulus(PSquared);
        QSquaredModulus = new MontgomeryModulus(QSquared);
    }

    /// <summary>The matching public key.</summary>
    public PaillierPublicKey PublicKey { get; }

    internal BigInteger P { get; }

    internal BigInteger Q { get; }

    internal BigInteger PSquared { get; }

    internal BigInteger QSquared { get; }

    internal BigInteger Hp { get; }

    internal BigInteger Hq { get; }

    internal BigInteger QInverseModP { get; }

    internal MontgomeryModulus PSquaredModulus { get; }

    internal MontgomeryModulus QSquaredModulus { get; }

    /// <summary>Writes the secret key ("PASK"): p and q. Keep the file private: it decrypts everything under this key.</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter();
        PaillierCodec.WriteInteger(writer, P);
        PaillierCodec.WriteInteger(writer, Q);
        Envelope.Write(stream, PaillierObjectKinds.SecretKey, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a secret key and checks that its primes make a valid modulus.</summary>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt or not a Paillier secret key, or p and q are
    /// not distinct odd primes making a modulus of an accepted size.</exception>
    public static PaillierSecretKey ReadFrom(Stream stream, string source = "Paillier secret key")
    {
        ArgumentNullException.ThrowIfNull(stream);
        (_, PayloadReader reader) = Envelope.Read(stream, PaillierObjectKinds.SecretKey, HeObjectKinds.Version, source, PaillierCodec.MaxKeyPayload);
        BigInteger p = PaillierCodec.ReadInteger(reader, PaillierPublicKey.MaxModulusBits);
        BigInteger q = PaillierCodec.ReadInteger(reader, PaillierPublicKey.MaxModulusBits);
        reader.EnsureEnd();
        long bits = (p * q).GetBitLength();
        if (p == q || p.IsEven || q.IsEven || bits < PaillierPublicKey.MinModulusBits || bits > PaillierPublicKey.MaxModulusBits
            || !LargePrimes.IsProbablePrime(p, new Random.CryptoRandom(), 16) || !LargePrimes.IsProbablePrime(q, new Random.CryptoRandom(), 16))
        {
            throw reader.Corrupt("p and q must be distinct odd primes whose product is an accepted modulus");
        }

        return new PaillierSecretKey(p, q);
    }

    /// <summary>L_d(x) = (x − 1) / d.</summary>
    internal static BigInteger L(BigInteger x, BigInteger d) => (x - 1) / d;
}

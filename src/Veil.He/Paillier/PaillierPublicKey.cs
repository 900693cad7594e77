using System.Numerics;
using System.Security.Cryptography;
using Veil.Arithmetic.Big;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Paillier;

/// <summary>
/// A Paillier public key: the modulus N = p·q. Encryption is E(m) = (1 + m·N) · r^N mod N² with g = N + 1, so that
/// ciphertexts multiply to add their plaintexts and a power of a ciphertext multiplies its plaintext.
/// </summary>
/// <remarks>
/// Security follows the modulus as for RSA (NIST SP 800-57, table 2): 2048 bits give 112-bit security, 3072 bits
/// 128-bit, 7680 bits 192-bit; <see cref="SecurityBits"/> says which. Smaller moduli are refused at generation and reading.
/// Every ciphertext carries the key's <see cref="Fingerprint"/>, so one made under another key is refused.
/// Serialized under kind "PAPK". Thread-safety: immutable, safe from any thread.
/// </remarks>
public sealed class PaillierPublicKey
{
    /// <summary>The smallest modulus accepted, in bits.</summary>
    public const int MinModulusBits = 2048;

    /// <summary>The largest modulus accepted, in bits.</summary>
    public const int MaxModulusBits = 8192;

    internal PaillierPublicKey(BigInteger modulus)
    {
        N = modulus;
        NSquared = modulus * modulus;
        HalfN = modulus >> 1;
        ModulusBits = (int)modulus.GetBitLength();
        byte[] bytes = modulus.ToByteArray(isUnsigned: true, isBigEndian: true);
        Fingerprint = BitConverter.ToUInt64(SHA256.HashData(bytes), 0);
        CiphertextModulus = new MontgomeryModulus(NSquared);
    }

    /// <summary>Exponentiation modulo N².</summary>
    internal MontgomeryModulus CiphertextModulus { get; }

    /// <summary>The modulus N.</summary>
    public BigInteger N { get; }

    /// <summary>N², the ciphertext modulus.</summary>
    public BigInteger NSquared { get; }

    /// <summary>⌊N / 2⌋: plaintexts above it decode as negative numbers.</summary>
    public BigInteger HalfN { get; }

    /// <summary>The bit length of N.</summary>
    public int ModulusBits { get; }

    /// <summary>Bytes of one serialized ciphertext value (the byte length of N², rounded up).</summary>
    public int CiphertextBytes => 2 * ((ModulusBits + 7) / 8);

    /// <summary>The first 8 bytes of SHA-256 over N: the identity ciphertexts carry.</summary>
    public ulong Fingerprint { get; }

    /// <summary>Classical security in bits per NIST SP 800-57 for a factoring modulus of this size.</summary>
    public int SecurityBits => SecurityOf(ModulusBits);

    /// <summary>The NIST SP 800-57 security level of a factoring modulus of <paramref name="modulusBits"/> bits: 112, 128
    /// or 192 (moduli below 2048 bits are not accepted at all).</summary>
    public static int SecurityOf(int modulusBits) => modulusBits switch
    {
        < 3072 => 112,
        < 7680 => 128,
        _ => 192,
    };

    /// <summary>Writes the key ("PAPK").</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter();
        PaillierCodec.WriteInteger(writer, N);
        Envelope.Write(stream, PaillierObjectKinds.PublicKey, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a public key.</summary>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, not a Paillier public key, or its modulus is
    /// even or outside [<see cref="MinModulusBits"/>, <see cref="MaxModulusBits"/>] bits.</exception>
    public static PaillierPublicKey ReadFrom(Stream stream, string source = "Paillier public key")
    {
        ArgumentNullException.ThrowIfNull(stream);
        (_, PayloadReader reader) = Envelope.Read(stream, PaillierObjectKinds.PublicKey, HeObjectKinds.Version, source, PaillierCodec.MaxKeyPayload);
        BigInteger n = PaillierCodec.ReadInteger(reader, MaxModulusBits);
        reader.EnsureEnd();
        if (n.IsEven || n.GetBitLength() < MinModulusBits)
        {
            throw reader.Corrupt($"the modulus must be odd and of {MinModulusBits} to {MaxModulusBits} bits");
        }

        return new PaillierPublicKey(n);
    }

    /// <summary>Checks that <paramref name="ciphertext"/> was made under this key.</summary>
    /// <exception cref="ParameterMismatchException">It was made under another key.</exception>
    internal void Check(PaillierCiphertext ciphertext, string what = "ciphertext")
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        if (ciphertext.KeyFingerprint != Fingerprint)
        {
            throw new ParameterMismatchException(
                $"The {what} was encrypted under another Paillier key (fingerprint {ciphertext.KeyFingerprint:x16}, this key {Fingerprint:x16}).");
        }
    }

    /// <summary>Checks that <paramref name="other"/> is this key.</summary>
    /// <exception cref="ParameterMismatchException">It is another key.</exception>
    internal void Check(PaillierPublicKey other, string what = "vector")
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Fingerprint != Fingerprint)
        {
            throw new ParameterMismatchException(
                $"The {what} was encrypted under another Paillier key (fingerprint {other.Fingerprint:x16}, this key {Fingerprint:x16}).");
        }
    }
}

using System.Numerics;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Paillier;

/// <summary>A Paillier ciphertext: an element of Z*_{N²}, with the fingerprint of the key it was made under.</summary>
/// <remarks>
/// Serialized under kind "PACT" as the fingerprint and the value in <see cref="PaillierPublicKey.CiphertextBytes"/>
/// big-endian bytes. Thread-safety: immutable, safe from any thread.
/// </remarks>
public sealed class PaillierCiphertext
{
    internal PaillierCiphertext(BigInteger value, ulong keyFingerprint)
    {
        Value = value;
        KeyFingerprint = keyFingerprint;
    }

    /// <summary>The ciphertext value, in (0, N²).</summary>
    public BigInteger Value { get; }

    /// <summary>The <see cref="PaillierPublicKey.Fingerprint"/> of the key it was made under.</summary>
    public ulong KeyFingerprint { get; }

    /// <summary>Writes the ciphertext ("PACT").</summary>
    /// <exception cref="ParameterMismatchException">It was made under another key than <paramref name="key"/>.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream, PaillierPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(key);
        key.Check(this);
        var writer = new PayloadWriter(key.CiphertextBytes + 8);
        writer.WriteUInt64(KeyFingerprint);
        byte[] value = new byte[key.CiphertextBytes];
        PaillierCodec.WriteFixed(value, Value);
        writer.WriteBytes(value);
        Envelope.Write(stream, PaillierObjectKinds.Ciphertext, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a ciphertext made under <paramref name="key"/>.</summary>
    /// <exception cref="ParameterMismatchException">It was made under another key.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, not a Paillier ciphertext, or its value is
    /// not in Z*_{N²}.</exception>
    public static PaillierCiphertext ReadFrom(Stream stream, PaillierPublicKey key, string source = "Paillier ciphertext")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(key);
        (_, PayloadReader reader) = Envelope.Read(stream, PaillierObjectKinds.Ciphertext, HeObjectKinds.Version, source, key.CiphertextBytes + 64);
        ulong fingerprint = reader.ReadUInt64();
        var ciphertext = new PaillierCiphertext(ReadValue(reader, key), fingerprint);
        reader.EnsureEnd();
        key.Check(ciphertext);
        return ciphertext;
    }

    /// <summary>Reads one fixed-width value and checks that it lies in (0, N²) and is coprime to N.</summary>
    internal static BigInteger ReadValue(PayloadReader reader, PaillierPublicKey key)
    {
        BigInteger value = PaillierCodec.ReadFixed(reader.ReadMemory(key.CiphertextBytes).Span);
        if (value.IsZero || value >= key.NSquared || !BigInteger.GreatestCommonDivisor(value, key.N).IsOne)
        {
            throw reader.Corrupt("a ciphertext value is not an invertible element modulo N²");
        }

        return value;
    }
}

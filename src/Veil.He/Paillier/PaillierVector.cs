using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Paillier;

/// <summary>A vector of Paillier ciphertexts under one key (one ciphertext an element: Paillier has no slots).</summary>
/// <remarks>
/// Serialized under kind "PAVE": the key's fingerprint, the count, and each value in
/// <see cref="PaillierPublicKey.CiphertextBytes"/> bytes. Thread-safety: immutable, safe from any thread.
/// </remarks>
public sealed class PaillierVector
{
    /// <summary>The most elements a vector file may hold.</summary>
    public const int MaxCount = 1 << 24;

    private readonly PaillierCiphertext[] _values;

    /// <summary>Creates a vector from ciphertexts made under <paramref name="key"/>.</summary>
    /// <exception cref="ParameterMismatchException">A ciphertext was made under another key.</exception>
    public PaillierVector(PaillierPublicKey key, IEnumerable<PaillierCiphertext> values)
    {
        Key = Guard.NotNull(key);
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
        foreach (PaillierCiphertext value in _values)
        {
            key.Check(value, "vector element");
        }
    }

    /// <summary>The key.</summary>
    public PaillierPublicKey Key { get; }

    /// <summary>The number of elements.</summary>
    public int Count => _values.Length;

    /// <summary>The serialized size in bytes.</summary>
    public long SerializedSize => Envelope.HeaderSize + 12 + ((long)Count * Key.CiphertextBytes) + Envelope.ChecksumSize;

    /// <summary>Element <paramref name="index"/>.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside [0, Count).</exception>
    public PaillierCiphertext this[int index] => _values[index];

    /// <summary>Writes the vector ("PAVE").</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        int width = Key.CiphertextBytes;
        var writer = new PayloadWriter(12 + (Count * width));
        writer.WriteUInt64(Key.Fingerprint);
        writer.WriteInt32(Count);
        byte[] value = new byte[width];
        foreach (PaillierCiphertext ciphertext in _values)
        {
            PaillierCodec.WriteFixed(value, ciphertext.Value);
            writer.WriteBytes(value);
        }

        Envelope.Write(stream, PaillierObjectKinds.Vector, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a vector made under <paramref name="key"/>.</summary>
    /// <exception cref="ParameterMismatchException">It was made under another key.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt or not a Paillier vector, or a value is not
    /// in Z*_{N²}.</exception>
    public static PaillierVector ReadFrom(Stream stream, PaillierPublicKey key, string source = "Paillier vector")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(key);
        (_, PayloadReader reader) = Envelope.Read(stream, PaillierObjectKinds.Vector, HeObjectKinds.Version, source,
            12 + ((long)MaxCount * key.CiphertextBytes));
        ulong fingerprint = reader.ReadUInt64();
        if (fingerprint != key.Fingerprint)
        {
            throw new ParameterMismatchException($"{source}: encrypted under another Paillier key (fingerprint {fingerprint:x16}, this key {key.Fingerprint:x16}).");
        }

        int count = reader.ReadInt32(0, MaxCount, "element count");
        if ((long)count * key.CiphertextBytes != reader.Remaining)
        {
            throw reader.Corrupt($"{count} elements need {(long)count * key.CiphertextBytes} bytes, {reader.Remaining} remain");
        }

        var values = new PaillierCiphertext[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = new PaillierCiphertext(PaillierCiphertext.ReadValue(reader, key), fingerprint);
        }

        reader.EnsureEnd();
        return new PaillierVector(key, values);
    }
}

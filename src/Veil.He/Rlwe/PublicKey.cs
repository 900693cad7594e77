using Veil.Arithmetic;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Rlwe;

/// <summary>
/// The public encryption key (b, a) = (−a·s + e, a) modulo Q and modulo the special primes P, NTT form, with a expanded
/// from a public seed. The P part lets <see cref="Encryptor"/> encrypt modulo QP and divide by P, as SEAL does, which
/// leaves a fresh ciphertext far less noise (see <see cref="PublicKeyEncryption"/>).
/// </summary>
/// <remarks>
/// Serialized ("HEPK", format version <see cref="FormatVersion"/>) either compact (b and the 32-byte seed of a: about half
/// the size) or full. Version 1 files, written before the P part existed, are read without it
/// (<see cref="HasSpecialPrimePart"/> is false) and encrypt only with <see cref="PublicKeyEncryption.ModuloQ"/>.
/// Thread-safety: immutable once generated, safe for concurrent reads.
/// </remarks>
public sealed class PublicKey
{
    /// <summary>Creates an empty public key to be filled by <see cref="KeyGenerator.GenPublicKey"/>.</summary>
    public PublicKey(Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        B = parameters.RingQ.NewPoly();
        A = parameters.RingQ.NewPoly();
        BP = parameters.RingP.NewPoly();
        AP = parameters.RingP.NewPoly();
        Seed = new byte[Random.AesCtrPrg.SeedSize];
    }

    /// <summary>The format version this build writes (and the newest it reads): 2 adds the P part.</summary>
    public const ushort FormatVersion = 2;

    /// <summary>The parameters it belongs to.</summary>
    public Parameters Parameters { get; }

    /// <summary>Serialized size in bytes, compact (seeded) or full.</summary>
    public long SerializedSize(bool compact = true) =>
        ObjectHeader.EnvelopeSize(ObjectHeader.Size + 1 + ((compact ? 1 : 2) * RowsSize(Parameters)) + (compact ? Seed.Length : 0));

    /// <summary>True when the key holds its P part (always, unless read from a version 1 file).</summary>
    public bool HasSpecialPrimePart { get; internal set; }

    internal RnsPoly B { get; }

    internal RnsPoly A { get; }

    /// <summary>b modulo each special prime.</summary>
    internal RnsPoly BP { get; }

    /// <summary>a modulo each special prime.</summary>
    internal RnsPoly AP { get; }

    internal byte[] Seed { get; }

    /// <summary>True when a is the expansion of <see cref="Seed"/> (always, unless read from a full-form file).</summary>
    internal bool HasSeed { get; set; }

    /// <summary>Writes the key ("HEPK"), with the seed of a in place of a when <paramref name="compact"/> (and the key
    /// knows its seed; a key read from a full-form file is written in full).</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream, bool compact = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        compact &= HasSeed;
        var writer = new PayloadWriter();
        ObjectHeader.Write(writer, Parameters);
        writer.WriteBoolean(compact);
        WriteRows(writer, B, BP);
        if (compact)
        {
            writer.WriteBytes(Seed);
        }
        else
        {
            WriteRows(writer, A, AP);
        }

        Envelope.Write(stream, HeObjectKinds.PublicKey, HasSpecialPrimePart ? FormatVersion : (ushort)1, writer);
    }

    /// <summary>Reads a public key written under <paramref name="parameters"/>.</summary>
    /// <exception cref="ParameterMismatchException">It was written under other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not a public key.</exception>
    public static PublicKey ReadFrom(Stream stream, Parameters parameters, string source = "public key")
    {
        PayloadReader reader = ObjectHeader.Open(stream, HeObjectKinds.PublicKey, parameters, "public key", source, FormatVersion, out ushort version);
        var key = new PublicKey(parameters) { HasSpecialPrimePart = version >= 2 };
        bool compact = reader.ReadBoolean();
        key.ReadRows(reader, key.B, key.BP);
        if (compact)
        {
            reader.ReadBytes(key.Seed);
            SeededCiphertext.ExpandUniform(parameters, key.Seed, key.A, key.AP);
            key.HasSeed = true;
        }
        else
        {
            key.ReadRows(reader, key.A, key.AP);
        }

        reader.EnsureEnd();
        return key;
    }

    /// <summary>Bytes of one polynomial's rows: Q, and P when the key has its P part.</summary>
    private long RowsSize(Parameters parameters) =>
        Plaintext.RowsSize(parameters, parameters.MaxLevel + 1)
        + (HasSpecialPrimePart ? parameters.RingP.Moduli.Sum(p => (long)PolyCodec.RowBytes(parameters.N, p)) : 0);

    private void WriteRows(PayloadWriter writer, RnsPoly q, RnsPoly p)
    {
        PolyCodec.Write(writer, q, Parameters.RingQ.Moduli, q.Count);
        if (HasSpecialPrimePart)
        {
            PolyCodec.Write(writer, p, Parameters.RingP.Moduli, p.Count);
        }
    }

    private void ReadRows(PayloadReader reader, RnsPoly q, RnsPoly p)
    {
        PolyCodec.Read(reader, q, Parameters.RingQ.Moduli, q.Count);
        if (HasSpecialPrimePart)
        {
            PolyCodec.Read(reader, p, Parameters.RingP.Moduli, p.Count);
        }
    }
}

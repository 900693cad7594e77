using Veil.Arithmetic;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Rlwe;

/// <summary>
/// The public encryption key (b, a) = (−a·s + e, a) modulo Q, NTT form, with a expanded from a public seed.
/// </summary>
/// <remarks>
/// Serialized ("HEPK") either compact (b and the 32-byte seed of a: about half the size) or full.
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
        Seed = new byte[Random.AesCtrPrg.SeedSize];
    }

    /// <summary>The parameters it belongs to.</summary>
    public Parameters Parameters { get; }

    /// <summary>Serialized size in bytes, compact (seeded) or full.</summary>
    public long SerializedSize(bool compact = true) =>
        ObjectHeader.EnvelopeSize(ObjectHeader.Size + 1 + ((compact ? 1 : 2) * Plaintext.RowsSize(Parameters, Parameters.MaxLevel + 1)) + (compact ? Seed.Length : 0));

    internal RnsPoly B { get; }

    internal RnsPoly A { get; }

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
        PolyCodec.Write(writer, B, Parameters.RingQ.Moduli, B.Count);
        if (compact)
        {
            writer.WriteBytes(Seed);
        }
        else
        {
            PolyCodec.Write(writer, A, Parameters.RingQ.Moduli, A.Count);
        }

        Envelope.Write(stream, HeObjectKinds.PublicKey, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a public key written under <paramref name="parameters"/>.</summary>
    /// <exception cref="ParameterMismatchException">It was written under other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not a public key.</exception>
    public static PublicKey ReadFrom(Stream stream, Parameters parameters, string source = "public key")
    {
        PayloadReader reader = ObjectHeader.Open(stream, HeObjectKinds.PublicKey, parameters, "public key", source);
        var key = new PublicKey(parameters);
        bool compact = reader.ReadBoolean();
        PolyCodec.Read(reader, key.B, parameters.RingQ.Moduli, key.B.Count);
        if (compact)
        {
            reader.ReadBytes(key.Seed);
            SeededCiphertext.ExpandUniform(parameters, key.Seed, key.A);
            key.HasSeed = true;
        }
        else
        {
            PolyCodec.Read(reader, key.A, parameters.RingQ.Moduli, key.A.Count);
        }

        reader.EnsureEnd();
        return key;
    }
}

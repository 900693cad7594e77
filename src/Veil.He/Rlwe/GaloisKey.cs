using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Rlwe;

/// <summary>
/// A Galois key for the automorphism X ↦ X^g. In CKKS, g = 5^k rotates the slots by k and g = 2N − 1 conjugates them
/// (see <see cref="Automorphism"/>). It is a key-switching key from s to σ_g^-1(s): an evaluator switches c_1, then
/// applies σ_g to the result, which decrypts under σ_g(σ_g^-1(s)) = s.
/// </summary>
/// <remarks>Serialized ("HEGK") compact (seeds for the uniform halves) or full. Thread-safety: immutable once generated,
/// safe for concurrent reads.</remarks>
public sealed class GaloisKey
{
    /// <summary>Creates an empty key for <paramref name="galoisElement"/>, to be filled by
    /// <see cref="KeyGenerator.GenGaloisKey"/>.</summary>
    /// <exception cref="ArgumentException">The element is not odd and below 2N.</exception>
    public GaloisKey(Parameters parameters, ulong galoisElement)
        : this(new KeySwitchingKey(Guard.NotNull(parameters)), galoisElement)
    {
    }

    internal GaloisKey(KeySwitchingKey key, ulong galoisElement)
    {
        Guard.IsTrue((galoisElement & 1) == 1 && galoisElement < 2UL * (ulong)key.Parameters.N, nameof(galoisElement), "must be odd and below 2N");
        Key = key;
        GaloisElement = galoisElement;
    }

    /// <summary>The parameters it belongs to.</summary>
    public Parameters Parameters => Key.Parameters;

    /// <summary>The Galois element g of the automorphism X ↦ X^g.</summary>
    public ulong GaloisElement { get; }

    internal KeySwitchingKey Key { get; }

    /// <summary>Serialized size in bytes, compact (seeded) or full.</summary>
    public long SerializedSize(bool compact = true) => ObjectHeader.EnvelopeSize(PayloadSize(compact));

    internal long PayloadSize(bool compact) => ObjectHeader.Size + 8 + Key.PayloadSize(compact);

    /// <summary>Writes the key ("HEGK").</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream, bool compact = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter();
        ObjectHeader.Write(writer, Parameters);
        WriteBody(writer, compact);
        Envelope.Write(stream, HeObjectKinds.GaloisKey, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a Galois key written under <paramref name="parameters"/>.</summary>
    /// <exception cref="ParameterMismatchException">It was written under other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not a Galois key.</exception>
    public static GaloisKey ReadFrom(Stream stream, Parameters parameters, string source = "Galois key")
    {
        PayloadReader reader = ObjectHeader.Open(stream, HeObjectKinds.GaloisKey, parameters, "Galois key", source);
        GaloisKey key = ReadBody(reader, parameters);
        reader.EnsureEnd();
        return key;
    }

    internal void WriteBody(PayloadWriter writer, bool compact)
    {
        writer.WriteUInt64(GaloisElement);
        Key.Write(writer, compact);
    }

    internal static GaloisKey ReadBody(PayloadReader reader, Parameters parameters)
    {
        ulong element = reader.ReadUInt64();
        if ((element & 1) == 0 || element >= 2UL * (ulong)parameters.N)
        {
            throw reader.Corrupt($"the Galois element {element} is not odd and below 2N");
        }

        return new GaloisKey(KeySwitchingKey.Read(reader, parameters), element);
    }
}

using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Rlwe;

/// <summary>
/// The relinearization key: a key-switching key from s² to s, which turns a degree-2 product back into a degree-1
/// ciphertext. Public: it is given to whoever evaluates.
/// </summary>
/// <remarks>Serialized ("HERK") compact (seeds for the uniform halves) or full. Thread-safety: immutable once generated,
/// safe for concurrent reads.</remarks>
public sealed class RelinearizationKey
{
    /// <summary>Creates an empty key to be filled by <see cref="KeyGenerator.GenRelinearizationKey"/>.</summary>
    public RelinearizationKey(Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Key = new KeySwitchingKey(parameters);
    }

    internal RelinearizationKey(KeySwitchingKey key) => Key = key;

    /// <summary>The parameters it belongs to.</summary>
    public Parameters Parameters => Key.Parameters;

    internal KeySwitchingKey Key { get; }

    /// <summary>Serialized size in bytes, compact (seeded) or full.</summary>
    public long SerializedSize(bool compact = true) => ObjectHeader.EnvelopeSize(ObjectHeader.Size + Key.PayloadSize(compact));

    /// <summary>Writes the key ("HERK").</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream, bool compact = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter();
        ObjectHeader.Write(writer, Parameters);
        Key.Write(writer, compact);
        Envelope.Write(stream, HeObjectKinds.RelinearizationKey, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a relinearization key written under <paramref name="parameters"/>.</summary>
    /// <exception cref="ParameterMismatchException">It was written under other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not a relinearization key.</exception>
    public static RelinearizationKey ReadFrom(Stream stream, Parameters parameters, string source = "relinearization key")
    {
        PayloadReader reader = ObjectHeader.Open(stream, HeObjectKinds.RelinearizationKey, parameters, "relinearization key", source);
        var key = new RelinearizationKey(KeySwitchingKey.Read(reader, parameters));
        reader.EnsureEnd();
        return key;
    }
}

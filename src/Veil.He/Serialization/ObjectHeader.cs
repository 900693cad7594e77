using Veil.He.Rlwe;
using Veil.IO;

namespace Veil.He.Serialization;

/// <summary>The start of every parameter-bound object's payload: the parameters' 32-byte identity. Reading it under
/// other parameters is a <see cref="ParameterMismatchException"/>.</summary>
internal static class ObjectHeader
{
    public const int Size = 32;

    public static void Write(PayloadWriter writer, Parameters parameters) => writer.WriteBytes(parameters.Id);

    /// <exception cref="ParameterMismatchException">The object was made under other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated.</exception>
    public static void Check(PayloadReader reader, Parameters parameters, string what)
    {
        Span<byte> id = stackalloc byte[Size];
        reader.ReadBytes(id);
        if (!id.SequenceEqual(parameters.Id))
        {
            throw new ParameterMismatchException(
                $"{reader.Source}: the {what} was made under other parameters (id {Convert.ToHexStringLower(id[..8])}), " +
                $"not the ones given ({parameters.ShortId}).");
        }
    }

    /// <summary>Reads an object of <paramref name="kind"/> from a stream and checks its parameter identity.</summary>
    public static PayloadReader Open(Stream stream, ObjectKind kind, Parameters parameters, string what, string source) =>
        Open(stream, kind, parameters, what, source, HeObjectKinds.Version, out _);

    /// <summary>Reads an object of <paramref name="kind"/> written at a format version up to <paramref name="maxVersion"/>
    /// and checks its parameter identity.</summary>
    public static PayloadReader Open(Stream stream, ObjectKind kind, Parameters parameters, string what, string source, ushort maxVersion, out ushort version)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(parameters);
        (version, PayloadReader reader) = Envelope.Read(stream, kind, maxVersion, source);
        Check(reader, parameters, what);
        return reader;
    }

    /// <summary>Serialized bytes of an envelope around a payload of <paramref name="payload"/> bytes.</summary>
    public static long EnvelopeSize(long payload) => Envelope.HeaderSize + payload + Envelope.ChecksumSize;
}

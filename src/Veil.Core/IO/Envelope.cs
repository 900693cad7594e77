using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Veil.IO;

/// <summary>
/// Veil's versioned, checksummed container for every binary object it stores or sends: models, keys, ciphertexts.
/// </summary>
/// <remarks>
/// Layout (little-endian unless stated):
/// <code>
///   "VEIL"      4 bytes  magic
///   kind        4 bytes  ASCII tag, see ObjectKind
///   version     uint16   format version of this kind
///   reserved    uint16   zero
///   length      uint64   payload length in bytes
///   payload     length bytes
///   sha256      32 bytes over everything above
/// </code>
/// Reading checks the magic, the kind, that the version is one this build reads, that the length is within the
/// caller's cap (so garbage cannot make it allocate gigabytes), and the checksum; each failure is a
/// <see cref="VeilFormatException"/> that names the source.
/// Thread-safety: stateless, safe from any thread.
/// </remarks>
public static class Envelope
{
    /// <summary>Size of the header in bytes.</summary>
    public const int HeaderSize = 20;

    /// <summary>Size of the trailing checksum in bytes.</summary>
    public const int ChecksumSize = 32;

    /// <summary>Default cap on a payload's length when reading: 4 GiB less one byte of array limit.</summary>
    public const long DefaultMaxPayload = int.MaxValue - 64;

    private const uint Magic = 0x5645494C; // "VEIL"

    /// <summary>Writes <paramref name="payload"/> as an object of <paramref name="kind"/> at <paramref name="version"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Stream stream, ObjectKind kind, ushort version, PayloadWriter payload)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(payload);
        Write(stream, kind, version, payload.WrittenSpan);
    }

    /// <summary>Writes raw payload bytes as an object of <paramref name="kind"/> at <paramref name="version"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Stream stream, ObjectKind kind, ushort version, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[HeaderSize];
        WriteHeader(header, kind, version, payload.Length);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header);
        hash.AppendData(payload);
        Span<byte> checksum = stackalloc byte[ChecksumSize];
        hash.GetHashAndReset(checksum);

        stream.Write(header);
        stream.Write(payload);
        stream.Write(checksum);
    }

    /// <summary>Writes an envelope whose payload is <paramref name="segments"/> in order, without joining them first:
    /// for large payloads made of parts (one per ciphertext, say) this saves a copy of the whole.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Stream stream, ObjectKind kind, ushort version, IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(segments);
        long length = 0;
        foreach (ReadOnlyMemory<byte> segment in segments)
        {
            length += segment.Length;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        WriteHeader(header, kind, version, length);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header);
        stream.Write(header);
        foreach (ReadOnlyMemory<byte> segment in segments)
        {
            hash.AppendData(segment.Span);
            stream.Write(segment.Span);
        }

        Span<byte> checksum = stackalloc byte[ChecksumSize];
        hash.GetHashAndReset(checksum);
        stream.Write(checksum);
    }

    /// <summary>Writes an object to a new file (replacing any file of that name) through a temporary file, so a
    /// failure part-way never leaves a truncated object behind.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be written.</exception>
    public static void WriteFile(string path, ObjectKind kind, ushort version, PayloadWriter payload)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        string temporary = full + ".tmp-" + Environment.ProcessId;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Write(stream, kind, version, payload);
        }

        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Reads one object of <paramref name="kind"/> from <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream, positioned at the object.</param>
    /// <param name="kind">The kind expected.</param>
    /// <param name="maxVersion">The newest format version this build reads.</param>
    /// <param name="source">Names the data in error messages (a file name, "peer 2", ...).</param>
    /// <param name="maxPayload">Largest payload accepted, in bytes.</param>
    /// <returns>The version found, and a reader over the verified payload.</returns>
    /// <exception cref="VeilFormatException">The data is truncated, not a Veil object, of another kind, of a newer
    /// version, longer than <paramref name="maxPayload"/>, or fails its checksum.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static (ushort Version, PayloadReader Payload) Read(
        Stream stream, ObjectKind kind, ushort maxVersion, string source, long maxPayload = DefaultMaxPayload)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        byte[] header = new byte[HeaderSize];
        ReadExactly(stream, header, source, "header");
        if (BinaryPrimitives.ReadUInt32BigEndian(header) != Magic)
        {
            throw new VeilFormatException($"{source}: not a Veil file (bad magic bytes).");
        }

        uint code = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
        if (code != kind.Code)
        {
            throw new VeilFormatException($"{source}: holds a '{ObjectKind.Describe(code)}' object, expected '{kind}'.");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
        if (version == 0 || version > maxVersion)
        {
            throw new VeilFormatException(
                $"{source}: '{kind}' format version {version} is not supported; this build of Veil reads versions 1 to {maxVersion}" +
                (version > maxVersion ? " (the file was written by a newer Veil)." : "."));
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(12));
        if (length > (ulong)Math.Min(maxPayload, DefaultMaxPayload))
        {
            throw new VeilFormatException($"{source}: declared payload of {length} bytes exceeds the limit of {maxPayload} bytes.");
        }

        byte[] payload = new byte[(int)length];
        ReadExactly(stream, payload, source, "payload");
        Span<byte> checksum = stackalloc byte[ChecksumSize];
        ReadExactly(stream, checksum, source, "checksum");

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header);
        hash.AppendData(payload);
        Span<byte> expected = stackalloc byte[ChecksumSize];
        hash.GetHashAndReset(expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, checksum))
        {
            throw new VeilFormatException($"{source}: checksum mismatch: the data is corrupt or was altered.");
        }

        return (version, new PayloadReader(payload, source));
    }

    /// <summary>Reads one object of <paramref name="kind"/> from the file at <paramref name="path"/>.</summary>
    /// <exception cref="VeilFormatException">As <see cref="Read(Stream, ObjectKind, ushort, string, long)"/>, or trailing bytes follow the object.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static (ushort Version, PayloadReader Payload) ReadFile(string path, ObjectKind kind, ushort maxVersion, long maxPayload = DefaultMaxPayload)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var result = Read(stream, kind, maxVersion, path, maxPayload);
        if (stream.Position != stream.Length)
        {
            throw new VeilFormatException($"{path}: {stream.Length - stream.Position} unexpected bytes after the object.");
        }

        return result;
    }

    private static void ReadExactly(Stream stream, Span<byte> destination, string source, string part)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = stream.Read(destination[total..]);
            if (read == 0)
            {
                throw new VeilFormatException(
                    $"{source}: data is truncated: the {part} needs {destination.Length} bytes, only {total} were present.");
            }

            total += read;
        }
    }

    private static void WriteHeader(Span<byte> header, ObjectKind kind, ushort version, long payloadLength)
    {
        BinaryPrimitives.WriteUInt32BigEndian(header, Magic);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], kind.Code);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header[12..], (ulong)payloadLength);
    }
}

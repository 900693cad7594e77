using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Veil.Nn.Data;

/// <summary>
/// Reads files in the IDX format of the MNIST distribution: a big-endian magic word whose third byte is the element
/// type (0x08, unsigned byte) and whose fourth is the number of dimensions, the dimensions as big-endian 32-bit
/// integers, then the elements. A file whose name ends in <c>.gz</c> is gunzipped first.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class IdxFile
{
    private const int MaxElements = 1 << 30;

    /// <summary>An IDX file's dimensions and unsigned-byte elements, and the SHA-256 of its uncompressed bytes.</summary>
    public sealed record Contents(int[] Dimensions, byte[] Data, string Sha256);

    /// <summary>Reads an IDX file of unsigned bytes with <paramref name="expectedRank"/> dimensions.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="VeilFormatException">The file is truncated, not gzip when named .gz, not IDX, of another
    /// element type or rank, or has bytes after its data. The message names the file.</exception>
    public static Contents Read(string path, int expectedRank)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }

        byte[] raw;
        try
        {
            using Stream file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(file, CompressionMode.Decompress)
                : file;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            raw = buffer.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new VeilFormatException($"{path}: not a valid gzip file ({ex.Message}).", ex);
        }

        return Parse(raw, expectedRank, path);
    }

    /// <summary>Parses the bytes of an uncompressed IDX file; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="VeilFormatException">The bytes are not a complete IDX file of unsigned bytes and the expected rank.</exception>
    public static Contents Parse(byte[] raw, int expectedRank, string source)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Length < 4)
        {
            throw new VeilFormatException($"{source}: truncated IDX file: {raw.Length} bytes, not even a header.");
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(raw);
        int type = (int)((magic >> 8) & 0xFF);
        int rank = (int)(magic & 0xFF);
        if ((magic >> 16) != 0 || type != 0x08)
        {
            throw new VeilFormatException($"{source}: not an IDX file of unsigned bytes (magic 0x{magic:X8}).");
        }

        if (rank != expectedRank)
        {
            throw new VeilFormatException($"{source}: IDX file has {rank} dimensions, expected {expectedRank}.");
        }

        int headerSize = 4 + (4 * rank);
        if (raw.Length < headerSize)
        {
            throw new VeilFormatException($"{source}: truncated IDX file: the header needs {headerSize} bytes, only {raw.Length} present.");
        }

        int[] dimensions = new int[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++)
        {
            uint dimension = BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(4 + (4 * i)));
            if (dimension == 0 || dimension > MaxElements)
            {
                throw new VeilFormatException($"{source}: IDX dimension {i} is {dimension}, which is impossible.");
            }

            dimensions[i] = (int)dimension;
            elements *= dimension;
            if (elements > MaxElements)
            {
                throw new VeilFormatException($"{source}: IDX file declares {elements}+ elements, more than Veil reads.");
            }
        }

        long expectedLength = headerSize + elements;
        if (raw.Length < expectedLength)
        {
            throw new VeilFormatException(
                $"{source}: truncated IDX file: {raw.Length} bytes, {expectedLength} expected for dimensions {string.Join('x', dimensions)}.");
        }

        if (raw.Length > expectedLength)
        {
            throw new VeilFormatException($"{source}: {raw.Length - expectedLength} unexpected bytes after the IDX data.");
        }

        string sha = Convert.ToHexStringLower(SHA256.HashData(raw));
        return new Contents(dimensions, raw[headerSize..], sha);
    }
}

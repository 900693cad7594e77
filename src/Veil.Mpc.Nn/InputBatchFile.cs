using Veil.IO;

namespace Veil.Mpc.Nn;

/// <summary>
/// A batch of model inputs in a file (float32, row-major), the way a data owner's inputs reach its party process:
/// a versioned, checksummed <see cref="Envelope"/> holding the input count, the values per input, and the values.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class InputBatchFile
{
    /// <summary>The envelope's object kind.</summary>
    public static readonly ObjectKind Kind = new("MPCI");

    /// <summary>The format version written.</summary>
    public const ushort Version = 1;

    /// <summary>Writes <paramref name="count"/> inputs of <paramref name="size"/> values each.</summary>
    /// <exception cref="ArgumentException">The values do not hold count × size floats.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, ReadOnlySpan<float> values, int count, int size)
    {
        Guard.Positive(count);
        Guard.Positive(size);
        Guard.LengthEquals(values.Length, count * size, nameof(values));
        var payload = new PayloadWriter(16 + (values.Length * 4));
        payload.WriteInt32(count);
        payload.WriteInt32(size);
        payload.WriteSingles(values);
        Envelope.WriteFile(path, Kind, Version, payload);
    }

    /// <summary>Reads a batch written by <see cref="Write"/>: the inputs and their count.</summary>
    /// <exception cref="VeilFormatException">The file is not an input batch, is of another version, truncated or corrupt.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static (float[] Values, int Count, int Size) Read(string path)
    {
        var (_, payload) = Envelope.ReadFile(path, Kind, Version);
        int count = payload.ReadInt32(1, int.MaxValue, "input count");
        int size = payload.ReadInt32(1, int.MaxValue, "input size");
        if ((long)count * size * 4 != payload.Remaining)
        {
            throw new VeilFormatException($"{path}: {count} inputs of {size} values need {(long)count * size * 4} bytes, the file holds {payload.Remaining}.");
        }

        var values = new float[count * size];
        payload.ReadSingles(values);

        return (values, count, size);
    }
}

using Veil.He.Rlwe;
using Veil.IO;

namespace Veil.He.Nn.Protocol;

/// <summary>What travels between client and server: the encrypted images of a pass (<see cref="EncryptedValuesKind.Inputs"/>)
/// or their encrypted logits (<see cref="EncryptedValuesKind.Outputs"/>).</summary>
public enum EncryptedValuesKind
{
    /// <summary>Encrypted images, from the client.</summary>
    Inputs = 1,

    /// <summary>Encrypted logits, from the server.</summary>
    Outputs = 2,
}

/// <summary>
/// The ciphertexts of one pass, with the model they are for and how many images they hold. Serialized as a versioned
/// Veil object ("HNEV"): the parameters' identity, the model's name, the kind, the counts, then each ciphertext as a
/// nested object behind a one-byte tag (version 2): "HECT" (uploads in seeded form, about half the size), or for
/// logits at level 0 a "HETC" <see cref="TruncatedCiphertext"/>, the low bits the client's decryption does not need
/// dropped (about 18% smaller at cnn-he's parameters; slot error of standard deviation ≤ 0.0008 added).
/// </summary>
/// <remarks>Thread-safety: immutable after construction; safe for concurrent reads.</remarks>
public sealed class EncryptedValues
{
    /// <summary>The envelope tag.</summary>
    public static readonly ObjectKind ObjectKind = new("HNEV");

    /// <summary>The format version written (and the newest read).</summary>
    public const ushort Version = 2;

    private readonly SeededCiphertext[]? _seeded;
    private Ciphertext[]? _ciphertexts;

    /// <summary>Wraps seeded (client-encrypted) ciphertexts.</summary>
    public EncryptedValues(Parameters parameters, string modelName, EncryptedValuesKind kind, int imageCount, SeededCiphertext[] seeded)
        : this(parameters, modelName, kind, imageCount, seeded.Length)
    {
        _seeded = seeded;
    }

    /// <summary>Wraps ordinary ciphertexts.</summary>
    public EncryptedValues(Parameters parameters, string modelName, EncryptedValuesKind kind, int imageCount, Ciphertext[] ciphertexts)
        : this(parameters, modelName, kind, imageCount, ciphertexts.Length)
    {
        _ciphertexts = ciphertexts;
    }

    private EncryptedValues(Parameters parameters, string modelName, EncryptedValuesKind kind, int imageCount, int count)
    {
        Parameters = Guard.NotNull(parameters);
        ModelName = Guard.NotNull(modelName);
        Kind = kind;
        Guard.IsTrue(imageCount > 0, nameof(imageCount), "must be positive");
        ImageCount = imageCount;
        Count = count;
    }

    /// <summary>The parameters.</summary>
    public Parameters Parameters { get; }

    /// <summary>The model the values are for.</summary>
    public string ModelName { get; }

    /// <summary>Inputs or outputs.</summary>
    public EncryptedValuesKind Kind { get; }

    /// <summary>How many images the pass holds.</summary>
    public int ImageCount { get; }

    /// <summary>How many ciphertexts.</summary>
    public int Count { get; }

    /// <summary>The ciphertexts (seeded ones are expanded on first use).</summary>
    public IReadOnlyList<Ciphertext> Ciphertexts => _ciphertexts ??= _seeded!.Select(s => s.Expand()).ToArray();

    /// <summary>Bytes as written by <see cref="WriteTo"/>.</summary>
    public long SerializedSize
    {
        get
        {
            long payload = ParameterIdentity.Size + 4 + System.Text.Encoding.UTF8.GetByteCount(ModelName) + (3 * 4);
            for (int i = 0; i < Count; i++)
            {
                payload += 4 + 1 + ElementSize(i);
            }

            return Envelope.HeaderSize + payload + Envelope.ChecksumSize;
        }
    }

    /// <summary>The serialized size of ciphertext <paramref name="i"/> on its own.</summary>
    private long ElementSize(int i) => _seeded is not null ? _seeded[i].SerializedSize
        : Truncates(_ciphertexts![i]) ? TruncatedCiphertext.SerializedSize(Parameters, _ciphertexts[i].Degree, DroppedBits(_ciphertexts[i]))
        : _ciphertexts[i].SerializedSize;

    /// <summary>Writes the values (serializing the ciphertexts on all processors).</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // Each ciphertext is serialized on its own (in parallel: bit packing is the cost), then appended in order to a
        // payload sized once, so that no buffer grows by copying.
        var parts = new byte[Count][];
        var truncated = new bool[Count];
        ChunkedParallel.For(Count, 0, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                truncated[i] = _seeded is null && Truncates(_ciphertexts![i]);
                var buffer = new MemoryStream(checked((int)ElementSize(i)));
                if (_seeded is not null)
                {
                    _seeded[i].WriteTo(buffer);
                }
                else if (truncated[i])
                {
                    TruncatedCiphertext.Write(_ciphertexts![i], DroppedBits(_ciphertexts[i]), buffer);
                }
                else
                {
                    _ciphertexts![i].WriteTo(buffer);
                }

                parts[i] = buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
            }
        });

        var head = new PayloadWriter();
        head.WriteBytes(Parameters.Id);
        head.WriteString(ModelName);
        head.WriteInt32((int)Kind);
        head.WriteInt32(ImageCount);
        head.WriteInt32(Count);
        var segments = new List<ReadOnlyMemory<byte>>((2 * Count) + 1) { head.WrittenSpan.ToArray() };
        for (int i = 0; i < Count; i++)
        {
            // Per ciphertext: whether it is truncated, its length, its bytes.
            var prefix = new PayloadWriter(5);
            prefix.WriteBoolean(truncated[i]);
            prefix.WriteInt32(parts[i].Length);
            segments.Add(prefix.WrittenSpan.ToArray());
            segments.Add(parts[i]);
        }

        Envelope.Write(stream, ObjectKind, Version, segments);
    }

    /// <summary>Reads values written under <paramref name="parameters"/> (parsing the ciphertexts on all processors).</summary>
    /// <exception cref="ParameterMismatchException">They were made under other parameters (another model, mode or key set).</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not encrypted values.</exception>
    public static EncryptedValues ReadFrom(Stream stream, Parameters parameters, string source = "encrypted values")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(parameters);
        var (version, reader) = Envelope.Read(stream, ObjectKind, Version, source);
        ParameterIdentity.Check(reader, parameters, "these ciphertexts were");
        string model = reader.ReadString(1024);
        int kind = reader.ReadInt32(1, 2, "the kind");
        int images = reader.ReadInt32(1, parameters.Slots, "the image count");
        int count = reader.ReadInt32(1, 1 << 20, "the ciphertext count");
        // The slices are found in order; the ciphertexts, each checked and (when seeded) expanded, are parsed in parallel.
        var slices = new ReadOnlyMemory<byte>[count];
        var truncated = new bool[count];
        for (int i = 0; i < count; i++)
        {
            truncated[i] = version >= 2 && reader.ReadBoolean();
            int length = reader.ReadInt32(1, reader.Remaining, "a ciphertext's length");
            slices[i] = reader.ReadMemory(length);
        }

        reader.EnsureEnd();
        var ciphertexts = new Ciphertext[count];
        ChunkedParallel.For(count, 0, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                using Stream nested = OpenRead(slices[i]);
                ciphertexts[i] = truncated[i]
                    ? TruncatedCiphertext.Read(nested, parameters, $"{source}, ciphertext {i}")
                    : Ciphertext.ReadFrom(nested, parameters, $"{source}, ciphertext {i}");
            }
        });

        return new EncryptedValues(parameters, model, (EncryptedValuesKind)kind, images, ciphertexts);
    }

    /// <summary>A read-only stream over a slice of the payload, without copying it when it is backed by an array.</summary>
    private static MemoryStream OpenRead(ReadOnlyMemory<byte> slice) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(slice, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(slice.ToArray(), writable: false);

    /// <summary>Bytes of one serialized output ciphertext at <paramref name="level"/> and <paramref name="scale"/>.</summary>
    internal static long OutputSize(Parameters parameters, int level, double scale) => level == 0
        ? TruncatedCiphertext.SerializedSize(parameters, 1, TruncatedCiphertext.DroppedBits(parameters, scale))
        : new Ciphertext(parameters, 1, level, scale).SerializedSize;

    private bool Truncates(Ciphertext ciphertext) => Kind == EncryptedValuesKind.Outputs && ciphertext.Level == 0;

    private int DroppedBits(Ciphertext ciphertext) => TruncatedCiphertext.DroppedBits(Parameters, ciphertext.Scale);
}

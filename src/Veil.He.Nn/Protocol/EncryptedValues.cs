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
                payload += 4 + 1 + (_seeded is not null ? _seeded[i].SerializedSize
                    : Truncates(_ciphertexts![i]) ? TruncatedCiphertext.SerializedSize(Parameters, _ciphertexts[i].Degree, DroppedBits(_ciphertexts[i]))
                    : _ciphertexts[i].SerializedSize);
            }

            return Envelope.HeaderSize + payload + Envelope.ChecksumSize;
        }
    }

    /// <summary>Writes the values.</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter();
        writer.WriteBytes(Parameters.Id);
        writer.WriteString(ModelName);
        writer.WriteInt32((int)Kind);
        writer.WriteInt32(ImageCount);
        writer.WriteInt32(Count);
        using var buffer = new MemoryStream();
        for (int i = 0; i < Count; i++)
        {
            buffer.SetLength(0);
            bool truncated = _seeded is null && Truncates(_ciphertexts![i]);
            if (_seeded is not null)
            {
                _seeded[i].WriteTo(buffer);
            }
            else if (truncated)
            {
                TruncatedCiphertext.Write(_ciphertexts![i], DroppedBits(_ciphertexts[i]), buffer);
            }
            else
            {
                _ciphertexts![i].WriteTo(buffer);
            }

            writer.WriteBoolean(truncated);
            writer.WriteInt32((int)buffer.Length);
            writer.WriteBytes(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }

        Envelope.Write(stream, ObjectKind, Version, writer);
    }

    /// <summary>Reads values written under <paramref name="parameters"/>.</summary>
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
        var ciphertexts = new Ciphertext[count];
        for (int i = 0; i < count; i++)
        {
            bool truncated = version >= 2 && reader.ReadBoolean();
            int length = reader.ReadInt32(1, reader.Remaining, "a ciphertext's length");
            byte[] bytes = new byte[length];
            reader.ReadBytes(bytes);
            var nested = new MemoryStream(bytes, writable: false);
            ciphertexts[i] = truncated
                ? TruncatedCiphertext.Read(nested, parameters, $"{source}, ciphertext {i}")
                : Ciphertext.ReadFrom(nested, parameters, $"{source}, ciphertext {i}");
        }

        reader.EnsureEnd();
        return new EncryptedValues(parameters, model, (EncryptedValuesKind)kind, images, ciphertexts);
    }

    /// <summary>Bytes of one serialized output ciphertext at <paramref name="level"/> and <paramref name="scale"/>.</summary>
    internal static long OutputSize(Parameters parameters, int level, double scale) => level == 0
        ? TruncatedCiphertext.SerializedSize(parameters, 1, TruncatedCiphertext.DroppedBits(parameters, scale))
        : new Ciphertext(parameters, 1, level, scale).SerializedSize;

    private bool Truncates(Ciphertext ciphertext) => Kind == EncryptedValuesKind.Outputs && ciphertext.Level == 0;

    private int DroppedBits(Ciphertext ciphertext) => TruncatedCiphertext.DroppedBits(Parameters, ciphertext.Scale);
}

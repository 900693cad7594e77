using Veil.He.Nn.Planning;
using Veil.He.Rlwe;
using Veil.IO;

namespace Veil.He.Nn.Protocol;

/// <summary>
/// What a client needs to know of a plan besides the parameters: the model's name, the packing, values per image in and
/// out, the rotations to make keys for and the batch size. It holds no weights, so the client never needs the model.
/// Serialized as a versioned Veil object ("HNCP") bound to the parameters' identity.
/// </summary>
/// <param name="ModelName">The model's name.</param>
/// <param name="Mode">The packing.</param>
/// <param name="InputCount">Values per image (pixels).</param>
/// <param name="OutputCount">Logits per image.</param>
/// <param name="RotationSteps">Steps whose Galois keys the server needs.</param>
/// <param name="MaxBatchSize">Images per pass at most.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record ClientProfile(string ModelName, PackingMode Mode, int InputCount, int OutputCount, IReadOnlyList<int> RotationSteps, int MaxBatchSize)
{
    /// <summary>Latency mode: slot s of the uploaded ciphertext holds pixel InputSlots[s] (−1 for zero); empty in batch mode.</summary>
    public IReadOnlyList<int> InputSlots { get; init; } = [];

    /// <summary>The envelope tag.</summary>
    public static readonly ObjectKind ObjectKind = new("HNCP");

    /// <summary>Writes the profile, bound to <paramref name="parameters"/>.</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream, Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(parameters);
        var writer = new PayloadWriter();
        writer.WriteBytes(parameters.Id);
        writer.WriteString(ModelName);
        writer.WriteInt32((int)Mode);
        writer.WriteInt32(InputCount);
        writer.WriteInt32(OutputCount);
        writer.WriteInt32(MaxBatchSize);
        writer.WriteInt32(RotationSteps.Count);
        foreach (int step in RotationSteps)
        {
            writer.WriteInt32(step);
        }

        writer.WriteInt32(InputSlots.Count);
        foreach (int pixel in InputSlots)
        {
            writer.WriteInt32(pixel);
        }

        Envelope.Write(stream, ObjectKind, EncryptedValues.Version, writer);
    }

    /// <summary>Reads a profile written under <paramref name="parameters"/>.</summary>
    /// <exception cref="ParameterMismatchException">It belongs to other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not a profile.</exception>
    public static ClientProfile ReadFrom(Stream stream, Parameters parameters, string source = "client profile")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(parameters);
        var (_, reader) = Envelope.Read(stream, ObjectKind, EncryptedValues.Version, source);
        ParameterIdentity.Check(reader, parameters, "the client profile was");
        string model = reader.ReadString(1024);
        var mode = (PackingMode)reader.ReadInt32(0, 1, "the packing mode");
        int inputs = reader.ReadInt32(1, 1 << 24, "the input count");
        int outputs = reader.ReadInt32(1, 1 << 24, "the output count");
        int batch = reader.ReadInt32(1, parameters.Slots, "the batch size");
        int[] steps = new int[reader.ReadInt32(0, parameters.Slots, "the rotation count")];
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = reader.ReadInt32(-parameters.Slots, parameters.Slots, "a rotation step");
        }

        int[] slots = new int[reader.ReadInt32(0, parameters.Slots, "the input slot count")];
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = reader.ReadInt32(-1, inputs - 1, "an input slot");
        }

        reader.EnsureEnd();
        return new ClientProfile(model, mode, inputs, outputs, steps, batch) { InputSlots = slots };
    }
}

using Veil.Arithmetic;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Rlwe;

/// <summary>
/// An encoded message: one polynomial modulo q_0 ⋯ q_level, in NTT form, with the scale Δ its values were multiplied by.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent writes; concurrent reads are safe.</remarks>
public sealed class Plaintext
{
    /// <summary>Creates a zero plaintext at <paramref name="level"/> with <paramref name="scale"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is outside [0, MaxLevel].</exception>
    public Plaintext(Parameters parameters, int level, double scale)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.CheckLevel(level);
        Parameters = parameters;
        Value = new RnsPoly(parameters.N, level + 1, parameters.MaxLevel + 1);
        Scale = scale;
    }

    /// <summary>The parameters this plaintext belongs to.</summary>
    public Parameters Parameters { get; }

    /// <summary>The polynomial (NTT form), one row per prime q_0 … q_level.</summary>
    public RnsPoly Value { get; }

    /// <summary>The level: the plaintext lives modulo q_0 ⋯ q_level.</summary>
    public int Level => Value.Count - 1;

    /// <summary>The scale Δ of the encoded values.</summary>
    public double Scale { get; set; }

    /// <summary>Changes the level (dropping or, for a buffer about to be overwritten, adding rows).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is outside [0, MaxLevel].</exception>
    public void Resize(int level)
    {
        Parameters.CheckLevel(level);
        Value.Resize(level + 1);
    }

    /// <summary>The serialized size in bytes.</summary>
    public long SerializedSize => ObjectHeader.EnvelopeSize(ObjectHeader.Size + 4 + 8 + RowsSize(Parameters, Level + 1));

    /// <summary>Writes the plaintext as a versioned Veil object ("HEPT").</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter();
        ObjectHeader.Write(writer, Parameters);
        writer.WriteInt32(Level);
        writer.WriteDouble(Scale);
        PolyCodec.Write(writer, Value, Parameters.RingQ.Moduli, Level + 1);
        Envelope.Write(stream, HeObjectKinds.Plaintext, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a plaintext written under <paramref name="parameters"/>.</summary>
    /// <exception cref="ParameterMismatchException">It was written under other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not a plaintext.</exception>
    public static Plaintext ReadFrom(Stream stream, Parameters parameters, string source = "plaintext")
    {
        PayloadReader reader = ObjectHeader.Open(stream, HeObjectKinds.Plaintext, parameters, "plaintext", source);
        int level = reader.ReadInt32(0, parameters.MaxLevel, "the level");
        double scale = ReadScale(reader);
        var plaintext = new Plaintext(parameters, level, scale);
        PolyCodec.Read(reader, plaintext.Value, parameters.RingQ.Moduli, level + 1);
        reader.EnsureEnd();
        return plaintext;
    }

    internal static long RowsSize(Parameters parameters, int rows)
    {
        long total = 0;
        for (int i = 0; i < rows; i++)
        {
            total += PolyCodec.RowBytes(parameters.N, parameters.RingQ[i]);
        }

        return total;
    }

    internal static double ReadScale(PayloadReader reader)
    {
        double scale = reader.ReadDouble();
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw reader.Corrupt($"the scale {scale} is not a positive number");
        }

        return scale;
    }
}

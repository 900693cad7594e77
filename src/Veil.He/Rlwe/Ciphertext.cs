using Veil.Arithmetic;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Rlwe;

/// <summary>
/// An RLWE ciphertext (c_0, c_1[, c_2]) modulo q_0 ⋯ q_level, in NTT form: it decrypts to c_0 + c_1·s (+ c_2·s²).
/// Degree 1 is a fresh or relinearized ciphertext; degree 2 is the product of two before relinearization.
/// Carries its parameters, level and scale, so every operation checks that its operands belong together.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent writes; concurrent reads are safe.</remarks>
public sealed class Ciphertext
{
    private readonly RnsPoly[] _polys;

    /// <summary>Creates a zero ciphertext of <paramref name="degree"/> (1 or 2) at <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The degree or level is out of range.</exception>
    public Ciphertext(Parameters parameters, int degree, int level, double scale)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Guard.InRange(degree, 1, 2);
        parameters.CheckLevel(level);
        Parameters = parameters;
        _polys = new RnsPoly[3];
        for (int i = 0; i < 3; i++)
        {
            _polys[i] = new RnsPoly(parameters.N, i <= degree ? level + 1 : 0, parameters.MaxLevel + 1);
        }

        Degree = degree;
        Scale = scale;
    }

    /// <summary>Creates a fresh-shaped ciphertext (degree 1) at the top level and the default scale.</summary>
    public Ciphertext(Parameters parameters)
        : this(parameters, 1, Guard.NotNull(parameters).MaxLevel, parameters.DefaultScale)
    {
    }

    /// <summary>The parameters this ciphertext belongs to.</summary>
    public Parameters Parameters { get; }

    /// <summary>1 for (c_0, c_1); 2 for (c_0, c_1, c_2) before relinearization.</summary>
    public int Degree { get; private set; }

    /// <summary>The level: the ciphertext lives modulo q_0 ⋯ q_level.</summary>
    public int Level => _polys[0].Count - 1;

    /// <summary>The scale Δ of the encrypted values. Setting it reinterprets the ciphertext (the caller takes
    /// responsibility, as with SEAL's <c>scale()</c>).</summary>
    public double Scale { get; set; }

    /// <summary>The serialized size in bytes (full form).</summary>
    public long SerializedSize => ObjectHeader.EnvelopeSize(PayloadSize(Parameters, Degree, Level, seeded: false));

    /// <summary>Polynomial c_i (NTT form), for i in [0, Degree].</summary>
    internal RnsPoly this[int index] => _polys[index];

    /// <summary>Reshapes to <paramref name="degree"/> and <paramref name="level"/>; rows that appear hold stale data and
    /// must be overwritten.</summary>
    internal void Resize(int degree, int level)
    {
        Parameters.CheckLevel(level);
        Guard.InRange(degree, 1, 2);
        Degree = degree;
        for (int i = 0; i < 3; i++)
        {
            _polys[i].Resize(i <= degree ? level + 1 : 0);
        }
    }

    /// <summary>Copies this ciphertext into <paramref name="destination"/> (same parameters).</summary>
    /// <exception cref="ParameterMismatchException">The destination has other parameters.</exception>
    public void CopyTo(Ciphertext destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (ReferenceEquals(destination, this))
        {
            return;
        }

        ParameterGuard.Same(Parameters, destination.Parameters, "destination");
        destination.Resize(Degree, Level);
        destination.Scale = Scale;
        for (int i = 0; i <= Degree; i++)
        {
            _polys[i].CopyTo(destination._polys[i]);
        }
    }

    /// <summary>Returns a copy.</summary>
    public Ciphertext Clone()
    {
        var copy = new Ciphertext(Parameters, Degree, Level, Scale);
        CopyTo(copy);
        return copy;
    }

    /// <summary>Writes the ciphertext as a versioned Veil object ("HECT"), in full.</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter(checked((int)PayloadSize(Parameters, Degree, Level, seeded: false)));
        WriteHeader(writer, Parameters, Degree, Level, Scale, seeded: false);
        for (int i = 0; i <= Degree; i++)
        {
            PolyCodec.Write(writer, _polys[i], Parameters.RingQ.Moduli, Level + 1);
        }

        Envelope.Write(stream, HeObjectKinds.Ciphertext, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a ciphertext (full or seeded) written under <paramref name="parameters"/>; a seeded one is
    /// expanded.</summary>
    /// <exception cref="ParameterMismatchException">It was written under other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not a ciphertext.</exception>
    public static Ciphertext ReadFrom(Stream stream, Parameters parameters, string source = "ciphertext")
    {
        PayloadReader reader = ObjectHeader.Open(stream, HeObjectKinds.Ciphertext, parameters, "ciphertext", source);
        int degree = reader.ReadInt32(1, 2, "the degree");
        int level = reader.ReadInt32(0, parameters.MaxLevel, "the level");
        double scale = Plaintext.ReadScale(reader);
        bool seeded = reader.ReadBoolean();
        if (seeded && degree != 1)
        {
            throw reader.Corrupt("a seeded ciphertext must have degree 1");
        }

        var ciphertext = new Ciphertext(parameters, degree, level, scale);
        PolyCodec.Read(reader, ciphertext[0], parameters.RingQ.Moduli, level + 1);
        if (seeded)
        {
            byte[] seed = new byte[Random.AesCtrPrg.SeedSize];
            reader.ReadBytes(seed);
            SeededCiphertext.ExpandUniform(parameters, seed, ciphertext[1]);
        }
        else
        {
            for (int i = 1; i <= degree; i++)
            {
                PolyCodec.Read(reader, ciphertext[i], parameters.RingQ.Moduli, level + 1);
            }
        }

        reader.EnsureEnd();
        return ciphertext;
    }

    internal static void WriteHeader(PayloadWriter writer, Parameters parameters, int degree, int level, double scale, bool seeded)
    {
        ObjectHeader.Write(writer, parameters);
        writer.WriteInt32(degree);
        writer.WriteInt32(level);
        writer.WriteDouble(scale);
        writer.WriteBoolean(seeded);
    }

    internal static long PayloadSize(Parameters parameters, int degree, int level, bool seeded) =>
        ObjectHeader.Size + 4 + 4 + 8 + 1 +
        (seeded ? Plaintext.RowsSize(parameters, level + 1) + Random.AesCtrPrg.SeedSize : (degree + 1) * Plaintext.RowsSize(parameters, level + 1));
}

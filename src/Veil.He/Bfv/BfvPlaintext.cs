using Veil.He.Rlwe;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Bfv;

/// <summary>
/// A BFV plaintext: a polynomial of degree below N with coefficients modulo the plaintext modulus t. The
/// <see cref="BfvEncoder"/> fills it from N slot values (batching) and reads the slots back.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent writes; concurrent reads are safe.</remarks>
public sealed class BfvPlaintext
{
    private readonly ulong[] _coefficients;

    /// <summary>Creates the zero plaintext.</summary>
    /// <exception cref="InvalidParametersException">The parameters are not BFV parameters.</exception>
    public BfvPlaintext(Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.EnsureBfv();
        Parameters = parameters;
        _coefficients = new ulong[parameters.N];
    }

    /// <summary>The parameters.</summary>
    public Parameters Parameters { get; }

    /// <summary>The N coefficients, each in [0, t). Writers keep them below t.</summary>
    public Span<ulong> Coefficients => _coefficients;

    /// <summary>The serialized size in bytes.</summary>
    public long SerializedSize => ObjectHeader.EnvelopeSize(ObjectHeader.Size + PolyCodec.RowBytes(Parameters.N, new Arithmetic.Modulus(Parameters.PlaintextModulus)));

    /// <summary>Copies this plaintext into <paramref name="destination"/>.</summary>
    /// <exception cref="ParameterMismatchException">The destination has other parameters.</exception>
    public void CopyTo(BfvPlaintext destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ParameterGuard.Same(Parameters, destination.Parameters, "destination");
        _coefficients.CopyTo(destination._coefficients, 0);
    }

    /// <summary>Writes the plaintext as a versioned Veil object ("HEBP").</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter();
        ObjectHeader.Write(writer, Parameters);
        PolyCodec.WriteRow(writer, _coefficients, BitWidth(Parameters));
        Envelope.Write(stream, HeObjectKinds.BfvPlaintext, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a plaintext written under <paramref name="parameters"/>.</summary>
    /// <exception cref="ParameterMismatchException">It was written under other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not a BFV plaintext.</exception>
    /// <exception cref="InvalidParametersException">The parameters are not BFV parameters.</exception>
    public static BfvPlaintext ReadFrom(Stream stream, Parameters parameters, string source = "BFV plaintext")
    {
        var plaintext = new BfvPlaintext(Guard.NotNull(parameters));
        PayloadReader reader = ObjectHeader.Open(stream, HeObjectKinds.BfvPlaintext, parameters, "BFV plaintext", source);
        PolyCodec.ReadRow(reader, plaintext._coefficients, BitWidth(parameters));
        reader.EnsureEnd();
        foreach (ulong c in plaintext._coefficients)
        {
            if (c >= parameters.PlaintextModulus)
            {
                throw reader.Corrupt($"a coefficient {c} is not below the plaintext modulus {parameters.PlaintextModulus}");
            }
        }

        return plaintext;
    }

    private static int BitWidth(Parameters parameters) => 64 - System.Numerics.BitOperations.LeadingZeroCount(parameters.PlaintextModulus);
}

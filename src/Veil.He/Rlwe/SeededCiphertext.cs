using Veil.Arithmetic;
using Veil.He.Serialization;
using Veil.IO;
using Veil.Random;

namespace Veil.He.Rlwe;

/// <summary>
/// A symmetric-key ciphertext in its transport form: c_0 and the 32-byte seed from which the uniform c_1 is expanded
/// (AES-256-CTR with rejection sampling mod each q_i). It serializes at about half the size of a
/// <see cref="Ciphertext"/>; reading it back, or <see cref="Expand"/>, gives an ordinary ciphertext.
/// </summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
public sealed class SeededCiphertext
{
    private readonly byte[] _seed;

    internal SeededCiphertext(RnsPoly c0, byte[] seed, int level, double scale, Parameters parameters)
    {
        C0 = c0;
        _seed = seed;
        Level = level;
        Scale = scale;
        Parameters = parameters;
    }

    /// <summary>The parameters it belongs to.</summary>
    public Parameters Parameters { get; }

    /// <summary>The level.</summary>
    public int Level { get; }

    /// <summary>The scale of the encrypted values.</summary>
    public double Scale { get; }

    /// <summary>The serialized size in bytes.</summary>
    public long SerializedSize => ObjectHeader.EnvelopeSize(Ciphertext.PayloadSize(Parameters, 1, Level, seeded: true));

    private RnsPoly C0 { get; }

    /// <summary>Returns the ordinary ciphertext, with c_1 expanded from the seed.</summary>
    public Ciphertext Expand()
    {
        var ciphertext = new Ciphertext(Parameters, 1, Level, Scale);
        C0.CopyTo(ciphertext[0]);
        ExpandUniform(Parameters, _seed, ciphertext[1]);
        return ciphertext;
    }

    /// <summary>Writes it as a ciphertext object ("HECT") in seeded form; <see cref="Ciphertext.ReadFrom"/> reads it.</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter(checked((int)Ciphertext.PayloadSize(Parameters, 1, Level, seeded: true)));
        Ciphertext.WriteHeader(writer, Parameters, 1, Level, Scale, seeded: true);
        PolyCodec.Write(writer, C0, Parameters.RingQ.Moduli, Level + 1);
        writer.WriteBytes(_seed);
        Envelope.Write(stream, HeObjectKinds.Ciphertext, HeObjectKinds.Version, writer);
    }

    /// <summary>Fills the rows of <paramref name="destination"/> with the uniform polynomial (NTT form) of the seed.</summary>
    internal static void ExpandUniform(Parameters parameters, ReadOnlySpan<byte> seed, RnsPoly destination)
    {
        using var prg = new AesCtrPrg(seed);
        Sampling.Uniform(prg, destination, parameters.RingQ.Moduli, destination.Count);
    }

    /// <summary>Fills the Q rows of <paramref name="q"/> and then the P rows of <paramref name="p"/> from one stream of the
    /// seed: the Q rows are those <see cref="ExpandUniform(Parameters, ReadOnlySpan{byte}, RnsPoly)"/> gives.</summary>
    internal static void ExpandUniform(Parameters parameters, ReadOnlySpan<byte> seed, RnsPoly q, RnsPoly p)
    {
        using var prg = new AesCtrPrg(seed);
        Sampling.Uniform(prg, q, parameters.RingQ.Moduli, q.Count);
        Sampling.Uniform(prg, p, parameters.RingP.Moduli, p.Count);
    }
}

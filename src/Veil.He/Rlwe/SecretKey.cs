using System.Security.Cryptography;
using Veil.Arithmetic;
using Veil.He.Serialization;
using Veil.IO;

namespace Veil.He.Rlwe;

/// <summary>
/// The secret key s: a uniform ternary polynomial. It is held only by the party that decrypts (the
/// <see cref="Decryptor"/>, a <see cref="SymmetricEncryptor"/>, the <see cref="KeyGenerator"/>); nothing that evaluates
/// takes one.
/// </summary>
/// <remarks>
/// Serialized as 2 bits a coefficient (N/4 bytes) under kind "HESK"; writing it is an explicit call, never a side effect.
/// Thread-safety: immutable, safe for concurrent reads.
/// </remarks>
public sealed class SecretKey
{
    private readonly sbyte[] _coefficients;

    internal SecretKey(Parameters parameters, sbyte[] coefficients)
    {
        Parameters = parameters;
        _coefficients = coefficients;
        Q = parameters.RingQ.NewPoly();
        P = parameters.RingP.NewPoly();
        long[] wide = coefficients.Select(c => (long)c).ToArray();
        Sampling.Embed(wide, Q, parameters.RingQ.Moduli, Q.Count);
        Sampling.Embed(wide, P, parameters.RingP.Moduli, P.Count);
        Sampling.Wipe(wide);
        parameters.RingQ.ForwardNtt(Q);
        parameters.RingP.ForwardNtt(P);
    }

    /// <summary>The parameters it belongs to.</summary>
    public Parameters Parameters { get; }

    /// <summary>The serialized size in bytes.</summary>
    public long SerializedSize => ObjectHeader.EnvelopeSize(ObjectHeader.Size + (Parameters.N / 4));

    /// <summary>s modulo each q_i, NTT form.</summary>
    internal RnsPoly Q { get; }

    /// <summary>s modulo each p_j, NTT form.</summary>
    internal RnsPoly P { get; }

    /// <summary>The ternary coefficients.</summary>
    internal ReadOnlySpan<sbyte> Coefficients => _coefficients;

    /// <summary>Writes the secret key ("HESK"). Keep the file private: it decrypts everything under this key.</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new PayloadWriter(ObjectHeader.Size + (Parameters.N / 4));
        ObjectHeader.Write(writer, Parameters);
        byte[] packed = new byte[Parameters.N / 4];
        for (int k = 0; k < _coefficients.Length; k++)
        {
            // -1, 0, 1 as 2, 0, 1.
            int code = _coefficients[k] < 0 ? 2 : _coefficients[k];
            packed[k >> 2] |= (byte)(code << (2 * (k & 3)));
        }

        writer.WriteBytes(packed);
        CryptographicOperations.ZeroMemory(packed);
        Envelope.Write(stream, HeObjectKinds.SecretKey, HeObjectKinds.Version, writer);
    }

    /// <summary>Reads a secret key written under <paramref name="parameters"/>.</summary>
    /// <exception cref="ParameterMismatchException">It was written under other parameters.</exception>
    /// <exception cref="VeilFormatException">The data is truncated, corrupt, or not a secret key.</exception>
    public static SecretKey ReadFrom(Stream stream, Parameters parameters, string source = "secret key")
    {
        PayloadReader reader = ObjectHeader.Open(stream, HeObjectKinds.SecretKey, parameters, "secret key", source);
        byte[] packed = new byte[parameters.N / 4];
        reader.ReadBytes(packed);
        reader.EnsureEnd();
        var coefficients = new sbyte[parameters.N];
        for (int k = 0; k < coefficients.Length; k++)
        {
            int code = (packed[k >> 2] >> (2 * (k & 3))) & 3;
            if (code == 3)
            {
                throw reader.Corrupt("a secret-key coefficient has the invalid code 3");
            }

            coefficients[k] = (sbyte)(code == 2 ? -1 : code);
        }

        CryptographicOperations.ZeroMemory(packed);
        return new SecretKey(parameters, coefficients);
    }
}

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
/// <see cref="Dispose"/> overwrites the key's memory (its coefficients and both NTT forms) with zeros; any later use
/// throws <see cref="ObjectDisposedException"/>. The garbage collector may have copied the arrays before that, so
/// disposing narrows, and does not close, the window in which a memory dump reveals the key.
/// Thread-safety: immutable until disposed, safe for concurrent reads; do not dispose while another thread uses it.
/// </remarks>
public sealed class SecretKey : IDisposable
{
    private readonly sbyte[] _coefficients;
    private readonly RnsPoly _q;
    private readonly RnsPoly _p;
    private bool _disposed;

    internal SecretKey(Parameters parameters, sbyte[] coefficients)
    {
        Parameters = parameters;
        _coefficients = coefficients;
        _q = parameters.RingQ.NewPoly();
        _p = parameters.RingP.NewPoly();
        long[] wide = coefficients.Select(c => (long)c).ToArray();
        Sampling.Embed(wide, _q, parameters.RingQ.Moduli, _q.Count);
        Sampling.Embed(wide, _p, parameters.RingP.Moduli, _p.Count);
        Sampling.Wipe(wide);
        parameters.RingQ.ForwardNtt(_q);
        parameters.RingP.ForwardNtt(_p);
    }

    /// <summary>The parameters it belongs to.</summary>
    public Parameters Parameters { get; }

    /// <summary>The serialized size in bytes.</summary>
    public long SerializedSize => ObjectHeader.EnvelopeSize(ObjectHeader.Size + (Parameters.N / 4));

    /// <summary>Whether <see cref="Dispose"/> has wiped the key.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>s modulo each q_i, NTT form.</summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    internal RnsPoly Q
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _q;
        }
    }

    /// <summary>s modulo each p_j, NTT form.</summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    internal RnsPoly P
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _p;
        }
    }

    /// <summary>The ternary coefficients.</summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    internal ReadOnlySpan<sbyte> Coefficients
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _coefficients;
        }
    }

    /// <summary>Overwrites the key's memory with zeros. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_coefficients.AsSpan()));
        _q.Clear();
        _p.Clear();
    }

    /// <summary>Test hook: whether every word of the key's memory is zero.</summary>
    internal bool MemoryIsZero() =>
        Array.TrueForAll(_coefficients, c => c == 0) && !_q.AsSpan().ContainsAnyExcept(0UL) && !_p.AsSpan().ContainsAnyExcept(0UL);

    /// <summary>Writes the secret key ("HESK"). Keep the file private: it decrypts everything under this key.</summary>
    /// <exception cref="IOException">The stream fails.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ObjectDisposedException.ThrowIf(_disposed, this);
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

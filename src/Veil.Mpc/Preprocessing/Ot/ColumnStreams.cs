using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// The IKNP column generators: one AES-256-CTR stream (<see cref="AesCtrStream"/>) per base-OT key, seeded with
/// SHA-256 of the key, the session transcript, the instance and the column (not the side: the extension sender's
/// stream for column i must be the receiver's stream of key k_i^{s_i}). Both ends of an extension instance draw
/// the same number of words from the streams they share, so each extension continues where the last one stopped.
/// Security assumption: AES-256 is a PRF (the standard-model PRG of IKNP's columns).
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use. <see cref="Dispose"/> clears the AES key schedules.</remarks>
internal sealed class ColumnStreams : IDisposable
{
    private readonly AesCtrStream[] _streams;

    /// <summary>Creates one stream per 128-bit key of <paramref name="keys"/> (2 words each), then clears <paramref name="keys"/>.</summary>
    public ColumnStreams(ulong[] keys, ReadOnlySpan<byte> transcript, byte instance)
    {
        _streams = new AesCtrStream[keys.Length / 2];
        Span<byte> input = stackalloc byte[16 + 32 + 3];
        Span<byte> seed = stackalloc byte[32];
        for (int i = 0; i < _streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(input, keys[2 * i]);
            BinaryPrimitives.WriteUInt64LittleEndian(input[8..], keys[(2 * i) + 1]);
            transcript[..32].CopyTo(input[16..]);
            input[48] = instance;
            BinaryPrimitives.WriteUInt16LittleEndian(input[49..], (ushort)i);
            SHA256.HashData(input, seed);
            _streams[i] = new AesCtrStream(seed);
        }

        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(seed);
        Array.Clear(keys);
    }

    /// <summary>Fills <paramref name="destination"/> with the next words of column <paramref name="column"/>.</summary>
    public void Next(int column, Span<ulong> destination) => _streams[column].Fill(destination);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var stream in _streams)
        {
            stream.Dispose();
        }
    }
}

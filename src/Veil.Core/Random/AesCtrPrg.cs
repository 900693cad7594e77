using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Veil.Random;

/// <summary>
/// A seeded pseudorandom generator: AES-256 in counter mode. Two holders of the same seed and stream number draw the
/// same bytes, which is how public uniform polynomials travel as a seed and how MPC parties expand correlated
/// randomness shared with a dealer. The output is computationally indistinguishable from uniform to anyone
/// without the seed.
/// </summary>
/// <remarks>
/// Counter block layout: the high 8 bytes hold the stream number, the low 8 bytes a big-endian block counter,
/// so one seed yields 2^64 independent streams of 2^68 bytes each.
/// Thread-safety: an instance is not safe for concurrent use; create one per thread or per stream.
/// </remarks>
public sealed class AesCtrPrg : IRandomSource, IDisposable
{
    /// <summary>Seed length in bytes (an AES-256 key).</summary>
    public const int SeedSize = 32;

    private const int BlocksPerRefill = 512;
    private const int BufferSize = BlocksPerRefill * 16;

    private readonly Aes _aes;
    private readonly byte[] _counters = new byte[BufferSize];
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly ulong _stream;
    private ulong _nextBlock;
    private int _position = BufferSize;

    /// <summary>Creates the generator for <paramref name="seed"/> and stream number <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is not <see cref="SeedSize"/> bytes.</exception>
    public AesCtrPrg(ReadOnlySpan<byte> seed, ulong stream = 0)
    {
        Guard.LengthEquals(seed.Length, SeedSize, nameof(seed));
        _aes = Aes.Create();
        _aes.Key = seed.ToArray();
        _stream = stream;
    }

    /// <summary>Returns a fresh seed from the operating system's CSPRNG.</summary>
    public static byte[] NewSeed() => RandomNumberGenerator.GetBytes(SeedSize);

    /// <inheritdoc />
    public void Fill(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_position == BufferSize)
            {
                Refill();
            }

            int take = Math.Min(destination.Length, BufferSize - _position);
            _buffer.AsSpan(_position, take).CopyTo(destination);
            _position += take;
            destination = destination[take..];
        }
    }

    /// <inheritdoc />
    public void Fill(Span<ulong> destination) => Fill(MemoryMarshal.AsBytes(destination));

    /// <inheritdoc />
    public ulong NextUInt64()
    {
        if (BufferSize - _position < sizeof(ulong))
        {
            Span<byte> eight = stackalloc byte[sizeof(ulong)];
            Fill(eight);
            return BinaryPrimitives.ReadUInt64LittleEndian(eight);
        }

        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(_position));
        _position += sizeof(ulong);
        return value;
    }

    /// <summary>Releases the AES key schedule.</summary>
    public void Dispose()
    {
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_buffer);
    }

    private void Refill()
    {
        Span<byte> counters = _counters;
        for (int block = 0; block < BlocksPerRefill; block++)
        {
            Span<byte> counter = counters.Slice(block * 16, 16);
            BinaryPrimitives.WriteUInt64BigEndian(counter, _stream);
            BinaryPrimitives.WriteUInt64BigEndian(counter[8..], _nextBlock++);
        }

        _aes.EncryptEcb(counters, _buffer, PaddingMode.None);
        _position = 0;
    }
}

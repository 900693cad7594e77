using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Veil.Random;

/// <summary>
/// The operating system's cryptographically secure generator (<see cref="RandomNumberGenerator"/>), buffered so that
/// drawing many small values does not cost a system call each. Use it for every secret: keys, shares, masks, noise.
/// </summary>
/// <remarks>Thread-safety: an instance holds a buffer and is not safe for concurrent use; create one per thread.
/// Consumed bytes are cleared from the buffer.</remarks>
public sealed class CryptoRandom : IRandomSource
{
    private const int BufferSize = 4096;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _position = BufferSize;

    /// <inheritdoc />
    public void Fill(Span<byte> destination)
    {
        if (destination.Length >= BufferSize)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        while (!destination.IsEmpty)
        {
            if (_position == BufferSize)
            {
                RandomNumberGenerator.Fill(_buffer);
                _position = 0;
            }

            int take = Math.Min(destination.Length, BufferSize - _position);
            Span<byte> source = _buffer.AsSpan(_position, take);
            source.CopyTo(destination);
            source.Clear();
            _position += take;
            destination = destination[take..];
        }
    }

    /// <inheritdoc />
    public void Fill(Span<ulong> destination) => Fill(MemoryMarshal.AsBytes(destination));

    /// <inheritdoc />
    public ulong NextUInt64()
    {
        Span<ulong> one = stackalloc ulong[1];
        Fill(one);
        return one[0];
    }
}

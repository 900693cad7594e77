namespace Veil.Mpc.He;

/// <summary>A growable byte buffer for one message, with the 8 bytes of slack <see cref="BitPacking.Pack"/> needs.</summary>
/// <remarks>Thread-safety: not thread-safe.</remarks>
internal sealed class WireWriter
{
    private byte[] _buffer;

    public WireWriter(int capacity = 1 << 16) => _buffer = new byte[capacity + 8];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteInt32(int value) => System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>Appends values of <paramref name="bits"/> bits each, packed.</summary>
    public void WritePacked(ReadOnlySpan<ulong> values, int bits)
    {
        int bytes = BitPacking.Bytes(values.Length, bits);
        Ensure(bytes);
        _buffer.AsSpan(Length, bytes + 8).Clear();
        BitPacking.Pack(values, bits, _buffer.AsSpan(Length, bytes + 8));
        Length += bytes;
    }

    private Span<byte> Reserve(int count)
    {
        Ensure(count);
        Span<byte> span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }

    private void Ensure(int count)
    {
        if (Length + count + 8 > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count + 8));
        }
    }
}

/// <summary>Reads a message written by <see cref="WireWriter"/>; every shortfall is the peer's fault.</summary>
/// <remarks>Thread-safety: not thread-safe.</remarks>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public WireReader(ReadOnlySpan<byte> data) => _data = data;

    public readonly int Remaining => _data.Length - _position;

    /// <exception cref="MpcProtocolException">The message is truncated.</exception>
    public byte ReadByte() => Take(1)[0];

    /// <exception cref="MpcProtocolException">The message is truncated.</exception>
    public int ReadInt32() => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <exception cref="MpcProtocolException">The message is truncated.</exception>
    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <exception cref="MpcProtocolException">The message is truncated or a value is out of range.</exception>
    public void ReadPacked(Span<ulong> destination, int bits, ulong bound) =>
        _position += BitPacking.Unpack(_data[_position..], bits, bound, destination);

    /// <exception cref="MpcProtocolException">Bytes are left over.</exception>
    public readonly void EnsureEnd()
    {
        if (_position != _data.Length)
        {
            throw new MpcProtocolException($"A homomorphic-encryption message has {_data.Length - _position} bytes too many.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _data.Length - _position < count)
        {
            throw new MpcProtocolException("A homomorphic-encryption message is truncated.");
        }

        ReadOnlySpan<byte> span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Veil.IO;

/// <summary>
/// Builds the payload of a Veil binary object: little-endian integers and floats, length-prefixed strings,
/// and raw arrays. Hand the finished payload to <see cref="Envelope.Write(Stream, ObjectKind, ushort, PayloadWriter)"/>.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
public sealed class PayloadWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    /// <summary>Creates a writer with an initial capacity in bytes.</summary>
    public PayloadWriter(int initialCapacity = 256)
    {
        _buffer = new ArrayBufferWriter<byte>(Math.Max(initialCapacity, 16));
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>The number of bytes written so far.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Writes one byte.</summary>
    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    /// <summary>Writes a boolean as one byte (0 or 1).</summary>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Writes a 16-bit unsigned integer, little-endian.</summary>
    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    /// <summary>Writes a 32-bit signed integer, little-endian.</summary>
    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>Writes a 64-bit unsigned integer, little-endian.</summary>
    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>Writes a 64-bit signed integer, little-endian.</summary>
    public void WriteInt64(long value) => WriteUInt64(unchecked((ulong)value));

    /// <summary>Writes an IEEE 754 double, little-endian.</summary>
    public void WriteDouble(double value) => WriteUInt64(BitConverter.DoubleToUInt64Bits(value));

    /// <summary>Writes an IEEE 754 single, little-endian.</summary>
    public void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>Writes a string as a 32-bit byte count followed by its UTF-8 bytes.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }

    /// <summary>Writes raw bytes, with no length prefix.</summary>
    public void WriteBytes(ReadOnlySpan<byte> values) => _buffer.Write(values);

    /// <summary>Writes 64-bit words, with no length prefix.</summary>
    public void WriteUInt64s(ReadOnlySpan<ulong> values) => WriteLittleEndian(values);

    /// <summary>Writes doubles, with no length prefix.</summary>
    public void WriteDoubles(ReadOnlySpan<double> values) => WriteLittleEndian(values);

    /// <summary>Writes singles, with no length prefix.</summary>
    public void WriteSingles(ReadOnlySpan<float> values) => WriteLittleEndian(values);

    private void WriteLittleEndian<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Veil's binary format is written on little-endian machines only.");
        }

        _buffer.Write(MemoryMarshal.AsBytes(values));
    }
}

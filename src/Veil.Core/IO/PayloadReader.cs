using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Veil.IO;

/// <summary>
/// Reads the payload of a Veil binary object. Every read checks the remaining length and throws
/// <see cref="VeilFormatException"/>, naming the source, when the data ends early or holds an impossible value.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
public sealed class PayloadReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    /// <summary>Creates a reader over <paramref name="data"/>; <paramref name="source"/> names it in error messages.</summary>
    public PayloadReader(ReadOnlyMemory<byte> data, string source)
    {
        _data = data;
        Source = source;
    }

    /// <summary>What is being read (a file name, or an object kind), for error messages.</summary>
    public string Source { get; }

    /// <summary>Bytes not read yet.</summary>
    public int Remaining => _data.Length - _position;

    /// <summary>Reads one byte.</summary>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public byte ReadByte() => Take(1)[0];

    /// <summary>Reads a boolean written by <see cref="PayloadWriter.WriteBoolean"/>.</summary>
    /// <exception cref="VeilFormatException">The data ends early or the byte is neither 0 nor 1.</exception>
    public bool ReadBoolean()
    {
        byte value = ReadByte();
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw Corrupt($"a boolean byte holds {value}"),
        };
    }

    /// <summary>Reads a 16-bit unsigned integer.</summary>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    /// <summary>Reads a 32-bit signed integer.</summary>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a 32-bit integer and checks that it lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="VeilFormatException">The data ends early or the value is out of range.</exception>
    public int ReadInt32(int min, int max, string what)
    {
        int value = ReadInt32();
        if (value < min || value > max)
        {
            throw Corrupt($"{what} is {value}, outside [{min}, {max}]");
        }

        return value;
    }

    /// <summary>Reads a 64-bit unsigned integer.</summary>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>Reads a 64-bit signed integer.</summary>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public long ReadInt64() => unchecked((long)ReadUInt64());

    /// <summary>Reads a double.</summary>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadUInt64());

    /// <summary>Reads a single.</summary>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Reads a length-prefixed UTF-8 string of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="VeilFormatException">The data ends early, the length is out of range, or the bytes are not UTF-8.</exception>
    public string ReadString(int maxBytes = 1 << 20)
    {
        int count = ReadInt32(0, maxBytes, "a string length");
        try
        {
            return new UTF8Encoding(false, true).GetString(Take(count));
        }
        catch (DecoderFallbackException ex)
        {
            throw new VeilFormatException($"{Source}: a string is not valid UTF-8.", ex);
        }
    }

    /// <summary>Reads <paramref name="destination"/>.Length raw bytes.</summary>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public void ReadBytes(Span<byte> destination) => Take(destination.Length).CopyTo(destination);

    /// <summary>Reads <paramref name="count"/> raw bytes without copying them: a slice of the payload, valid as long
    /// as the payload is.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public ReadOnlyMemory<byte> ReadMemory(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Take(count);
        return _data.Slice(_position - count, count);
    }

    /// <summary>Reads <paramref name="destination"/>.Length 64-bit words.</summary>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public void ReadUInt64s(Span<ulong> destination) => ReadLittleEndian(destination);

    /// <summary>Reads <paramref name="destination"/>.Length doubles.</summary>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public void ReadDoubles(Span<double> destination) => ReadLittleEndian(destination);

    /// <summary>Reads <paramref name="destination"/>.Length singles.</summary>
    /// <exception cref="VeilFormatException">The data ends early.</exception>
    public void ReadSingles(Span<float> destination) => ReadLittleEndian(destination);

    /// <summary>Throws unless every byte has been read: trailing bytes mean the data is not what it claims.</summary>
    /// <exception cref="VeilFormatException">Bytes remain.</exception>
    public void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw Corrupt($"{Remaining} unexpected trailing bytes");
        }
    }

    /// <summary>Makes the error to throw for an impossible value, naming the source.</summary>
    public VeilFormatException Corrupt(string what) => new($"{Source}: corrupt data: {what}.");

    private void ReadLittleEndian<T>(Span<T> destination)
        where T : unmanaged
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(destination);
        Take(bytes.Length).CopyTo(bytes);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new VeilFormatException(
                $"{Source}: data is truncated: needed {count} bytes at offset {_position}, only {Remaining} remain.");
        }

        ReadOnlySpan<byte> span = _data.Span.Slice(_position, count);
        _position += count;
        return span;
    }
}

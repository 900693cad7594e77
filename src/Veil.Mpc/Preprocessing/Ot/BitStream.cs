using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// Writes values of 1 to 64 bits back to back into little-endian words: a correction that only matters modulo
/// 2^w costs w bits on the wire.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class BitWriter
{
    private readonly ulong[] _words;
    private int _word;
    private ulong _pending;
    private int _filled;

    /// <summary>Creates a writer for exactly <paramref name="bits"/> bits.</summary>
    public BitWriter(long bits) => _words = new ulong[checked((int)((bits + 63) >> 6))];

    /// <summary>Appends the low <paramref name="width"/> bits of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ulong value, int width)
    {
        if (width < 64)
        {
            value &= (1UL << width) - 1;
        }

        _pending |= value << _filled;
        int filled = _filled + width;
        if (filled >= 64)
        {
            _words[_word++] = _pending;
            _pending = _filled == 0 ? 0 : value >> (64 - _filled);
            filled -= 64;
        }

        _filled = filled;
    }

    /// <summary>The written bits as bytes (the last word cut to whole bytes).</summary>
    public byte[] ToBytes(long bits)
    {
        if (_filled > 0)
        {
            _words[_word] = _pending;
        }

        return MemoryMarshal.AsBytes(_words.AsSpan()).Slice(0, checked((int)((bits + 7) >> 3))).ToArray();
    }
}

/// <summary>Reads what <see cref="BitWriter"/> wrote.</summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class BitReader
{
    private readonly ulong[] _words;
    private long _position;

    /// <summary>Reads <paramref name="bytes"/> (copied into whole words).</summary>
    public BitReader(ReadOnlySpan<byte> bytes)
    {
        _words = new ulong[(bytes.Length + 7) >> 3];
        bytes.CopyTo(MemoryMarshal.AsBytes(_words.AsSpan()));
    }

    /// <summary>The next <paramref name="width"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read(int width)
    {
        int word = (int)(_position >> 6), offset = (int)(_position & 63);
        ulong value = _words[word] >> offset;
        if (offset + width > 64)
        {
            value |= _words[word + 1] << (64 - offset);
        }

        _position += width;
        return width < 64 ? value & ((1UL << width) - 1) : value;
    }

    /// <summary>Skips <paramref name="bits"/> bits.</summary>
    public void Skip(long bits) => _position += bits;
}

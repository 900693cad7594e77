using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>Takes one message of a stream; the span is valid only during the call (the transport copies it).</summary>
internal delegate void MessageSink(ReadOnlySpan<byte> message);

/// <summary>
/// Writes values of 1 to 64 bits back to back into little-endian words, so that a correction that only matters
/// modulo 2^w costs w bits on the wire, and hands them out as messages of at most <see cref="ChunkWords"/> words
/// (after a one-byte header) as they fill: one reused buffer instead of a fresh one the size of the whole stream,
/// whose first touch (page faults) cost more than the writing.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class BitWriter
{
    /// <summary>Words per message: 8 MiB.</summary>
    public const int ChunkWords = 1 << 20;

    private readonly ulong[] _words;
    private readonly long _bits;
    private readonly byte _header;
    private readonly MessageSink _sink;
    private byte[] _message = [];
    private long _flushedWords;
    private int _word;
    private ulong _pending;
    private int _filled;

    /// <summary>Creates a writer for exactly <paramref name="bits"/> bits, sending each message to <paramref name="sink"/>.</summary>
    public BitWriter(long bits, byte header, MessageSink sink)
    {
        _bits = bits;
        _header = header;
        _sink = sink;
        _words = new ulong[(int)Math.Min(ChunkWords, (bits + 63) >> 6)];
    }

    /// <summary>The number of messages a stream of <paramref name="bits"/> bits takes (at least one).</summary>
    public static long Messages(long bits) => Math.Max(1, (((bits + 63) >> 6) + ChunkWords - 1) / ChunkWords);

    /// <summary>
    /// Appends the low <paramref name="width"/> bits of every value of <paramref name="values"/>, gathering them in a
    /// register and storing whole aligned words.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(ReadOnlySpan<ulong> values, int width)
    {
        ulong mask = width >= 64 ? ulong.MaxValue : (1UL << width) - 1;
        ulong pending = _pending;
        int filled = _filled, word = _word;
        ulong[] words = _words;
        foreach (ulong raw in values)
        {
            ulong value = raw & mask;
            pending |= value << filled;
            filled += width;
            if (filled >= 64)
            {
                words[word++] = pending;
                filled -= 64;
                pending = filled == 0 ? 0 : value >> (width - filled);
                if (word == words.Length)
                {
                    _word = word;
                    Flush();
                    word = 0;
                }
            }
        }

        (_pending, _filled, _word) = (pending, filled, word);
    }

    /// <summary>Sends the last message (the header alone when the stream is empty).</summary>
    public void Complete()
    {
        long written = ((_flushedWords + _word) * 64) + _filled;
        Guard.IsTrue(written == _bits, nameof(_bits), "must have been written in full");
        if (_filled > 0)
        {
            _words[_word++] = _pending;
        }

        if (_word > 0 || _flushedWords == 0)
        {
            Flush();
        }
    }

    private void Flush()
    {
        long start = _flushedWords * 8;
        int bytes = (int)Math.Min((long)_word * 8, ((_bits + 7) >> 3) - start);
        if (_message.Length < 1 + bytes)
        {
            _message = new byte[1 + bytes];
        }

        _message[0] = _header;
        MemoryMarshal.AsBytes(_words.AsSpan(0, _word))[..bytes].CopyTo(_message.AsSpan(1));
        _flushedWords += _word;
        _word = 0;
        _sink(_message.AsSpan(0, 1 + bytes));
    }
}

/// <summary>
/// Reads what <see cref="BitWriter"/> wrote, message by message as it needs them, and checks each message's length
/// against the stream it expects.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class BitReader
{
    private const long ChunkBits = (long)BitWriter.ChunkWords * 64;
    private readonly long _bits;
    private readonly Func<byte[]> _receive;
    private byte[] _chunk = [];
    private long _chunkStart = -ChunkBits;
    private long _position;

    /// <summary>Reads a stream of <paramref name="bits"/> bits from the messages <paramref name="receive"/> returns (header included).</summary>
    public BitReader(long bits, Func<byte[]> receive)
    {
        _bits = bits;
        _receive = receive;
    }

    /// <summary>Adds the next <paramref name="target"/>.Length values of <paramref name="width"/> bits to <paramref name="target"/>.</summary>
    /// <exception cref="MpcProtocolException">A message has the wrong length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddTo(Span<ulong> target, int width)
    {
        ulong mask = width >= 64 ? ulong.MaxValue : (1UL << width) - 1;
        long local = _position - _chunkStart;
        long end = local + ((long)target.Length * width);

        // Within the message (and 9 bytes short of its end), each value is one unaligned load and the next byte,
        // without branches.
        if (local >= 0 && ((end + 7) >> 3) + 1 + 9 <= _chunk.Length)
        {
            ref byte data = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_chunk), 1);
            ref ulong output = ref MemoryMarshal.GetReference(target);
            for (int l = 0; l < target.Length; l++)
            {
                ref byte at = ref Unsafe.Add(ref data, (nint)(local >> 3));
                int offset = (int)(local & 7);
                ulong value = Unsafe.ReadUnaligned<ulong>(ref at) >> offset;
                value |= ((ulong)Unsafe.Add(ref at, 8) << (63 - offset)) << 1;
                Unsafe.Add(ref output, l) += value & mask;
                local += width;
            }

            _position += end - (_position - _chunkStart);
            return;
        }

        for (int l = 0; l < target.Length; l++)
        {
            local = _position - _chunkStart;
            long index = (local >> 3) + 1;
            ulong value;
            if (local >= 0 && index + 9 <= _chunk.Length)
            {
                int offset = (int)(local & 7);
                ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_chunk), (nint)index);
                value = Unsafe.ReadUnaligned<ulong>(ref at) >> offset;
                if (offset + width > 64)
                {
                    value |= (ulong)Unsafe.Add(ref at, 8) << (64 - offset);
                }
            }
            else
            {
                value = Slow(width);
            }

            target[l] += value & mask;
            _position += width;
        }
    }

    /// <summary>Skips <paramref name="bits"/> bits.</summary>
    public void Skip(long bits) => _position += bits;

    /// <summary>Checks that the whole stream was read (all its messages received).</summary>
    /// <exception cref="MpcProtocolException">A message is missing or has the wrong length.</exception>
    public void Complete()
    {
        long messages = BitWriter.Messages(_bits);
        while ((_chunkStart / ChunkBits) + 1 < messages)
        {
            Load(_chunkStart + ChunkBits);
        }
    }

    /// <summary>Reads a value bit by bit, across a message boundary if need be.</summary>
    private ulong Slow(int width)
    {
        ulong value = 0;
        for (int bit = 0; bit < width; bit++)
        {
            long at = _position + bit;
            if (at >= _bits)
            {
                throw new MpcProtocolException("The OT corrections are shorter than the batch needs.");
            }

            while (at >= _chunkStart + ChunkBits)
            {
                Load(_chunkStart + ChunkBits);
            }

            long local = at - _chunkStart;
            value |= (ulong)((_chunk[1 + (local >> 3)] >> (int)(local & 7)) & 1) << bit;
        }

        return value;
    }

    private void Load(long start)
    {
        byte[] message = _receive();
        long expected = Math.Min(ChunkBits, _bits - start);
        if (message.Length != 1 + ((expected + 7) >> 3))
        {
            throw new MpcProtocolException($"An OT-correction message holds {message.Length} bytes; the batch needs {1 + ((expected + 7) >> 3)}.");
        }

        _chunk = message;
        _chunkStart = start;
    }
}

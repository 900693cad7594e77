using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Veil.Mpc.Kernels;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// One batch of correlated and random OTs on both extension instances: the segments where this party receives and
/// those where it sends. A batch costs one message each way for the extension (<see cref="ReceiverMessage"/>: the
/// 128 columns u) and one flight each way for the corrections (<see cref="Respond"/>, streamed in messages of up to
/// 8 MiB), whatever it holds. <see cref="Respond"/> and <see cref="Finish"/> may run on two threads at once: they
/// touch disjoint state (the sending and the receiving segments, which must not share outputs).
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class CotBatch
{
    private ulong[] _keys = [];
    private int _receiving;

    /// <summary>Segments where this party is the extension receiver, in order.</summary>
    public List<CotReceiverSegment> Receiving { get; } = [];

    /// <summary>Segments where this party is the extension sender, in order.</summary>
    public List<CotSenderSegment> Sending { get; } = [];

    /// <summary>The OTs this party receives.</summary>
    public long ReceivingCount => Receiving.Sum(segment => (long)segment.Count);

    /// <summary>The OTs this party sends.</summary>
    public long SendingCount => Sending.Sum(segment => (long)segment.Count);

    /// <summary>
    /// Estimated bytes of the batch both ways (16 per OT for the extension, about 4 per corrected element), for
    /// splitting work. It counts both lists, so both parties estimate the same.
    /// </summary>
    public long EstimatedBytes => Receiving.Concat<CotSegment>(Sending).Sum(s => (long)s.Count * (16 + (4L * s.Length)));

    /// <summary>OTs extended at a time: the extension's scratch stays a few MiB however large the batch.</summary>
    public const int Window = 1 << 16;

    /// <summary>Bytes of the extension message for <paramref name="count"/> OTs (128 columns per window).</summary>
    public static long ColumnBytes(long count) => 128L * 8 * ((count + 63) >> 6);

    /// <summary>
    /// Extends the receiving OTs, window by window: returns the message for the peer's sending end,
    /// <paramref name="prefix"/> followed by each window's 128 columns.
    /// </summary>
    public byte[] ReceiverMessage(IknpReceiver extension, ReadOnlySpan<byte> prefix)
    {
        _receiving = checked((int)ReceivingCount);
        var choices = new ulong[(_receiving + 63) >> 6];
        int ot = 0;
        foreach (var segment in Receiving)
        {
            for (int i = 0; i < segment.Count; i++, ot++)
            {
                if (segment.Choice(i))
                {
                    choices[ot >> 6] |= 1UL << (ot & 63);
                }
            }
        }

        _keys = new ulong[2 * _receiving];
        var message = new byte[prefix.Length + ColumnBytes(_receiving)];
        prefix.CopyTo(message);
        int offset = prefix.Length;
        for (int start = 0; start < _receiving; start += Window)
        {
            int count = Math.Min(Window, _receiving - start);
            int bytes = (int)ColumnBytes(count);
            extension.Extend(choices.AsSpan(start >> 6), count, message.AsSpan(offset, bytes), _keys.AsSpan(2 * start, 2 * count));
            offset += bytes;
        }

        Array.Clear(choices);
        return message;
    }

    /// <summary>Checks that the peer's extension message has the length this batch's sending OTs need.</summary>
    /// <exception cref="MpcProtocolException">It has not.</exception>
    public void CheckColumns(long length)
    {
        long total = SendingCount;
        if (length != ColumnBytes(total))
        {
            throw new MpcProtocolException($"The OT-extension message holds {length} bytes, not {ColumnBytes(total)} for {total} OTs.");
        }
    }

    /// <summary>
    /// The sending end: extends from the peer's <paramref name="u"/> window by window, hands every sending segment
    /// its outputs, and gives the corrections for the peer to <paramref name="send"/>, a message of up to 8 MiB at a
    /// time, each starting with <paramref name="header"/> (<see cref="BitWriter"/>).
    /// </summary>
    /// <exception cref="MpcProtocolException">The peer's message does not fit this batch.</exception>
    public void Respond(IknpSender extension, ReadOnlySpan<byte> u, byte header, MessageSink send)
    {
        CheckColumns(u.Length);
        int total = checked((int)SendingCount);

        var zero = new ulong[2 * Math.Min(Window, total)];
        var one = new ulong[zero.Length];
        int windowStart = 0, windowEnd = 0, uOffset = 0;
        var writer = new BitWriter(CorrectionBits(Sending), header, send);
        int ot = 0;
        ulong[] x = [], z = [], scratch = [];
        Span<ulong> pair = stackalloc ulong[2];
        foreach (var segment in Sending)
        {
            int length = segment.Length;
            if (x.Length < length)
            {
                (x, z, scratch) = (new ulong[length], new ulong[length], new ulong[length]);
            }

            for (int i = 0; i < segment.Count; i++, ot++)
            {
                if (ot == windowEnd)
                {
                    windowStart = ot;
                    int count = Math.Min(Window, total - ot);
                    int bytes = (int)ColumnBytes(count);
                    extension.Extend(u.Slice(uOffset, bytes), count, zero.AsSpan(0, 2 * count), one.AsSpan(0, 2 * count));
                    uOffset += bytes;
                    windowEnd = ot + count;
                }

                int key = 2 * (ot - windowStart);
                if (length == 0 && segment.WideKeys)
                {
                    segment.Accept(i, [zero[key], zero[key + 1], one[key], one[key + 1]]);
                    continue;
                }

                if (length == 0)
                {
                    pair[0] = Cut(zero[key], segment.Width(i));
                    pair[1] = Cut(one[key], segment.Width(i));
                    segment.Accept(i, pair);
                    continue;
                }

                Span<ulong> xs = x.AsSpan(0, length), zs = z.AsSpan(0, length);
                int width = segment.Width(i);
                FixedKeyAes.ExpandNarrow(zero[key], zero[key + 1], xs, width);
                FixedKeyAes.ExpandNarrow(one[key], one[key + 1], zs, width);
                ReadOnlySpan<ulong> delta = segment.Delta(i, scratch.AsSpan(0, length));
                RingKernels.Subtract(delta, zs, zs);
                RingKernels.Add(xs, zs, zs);
                writer.Write(zs, width);
                segment.Accept(i, xs);
            }
        }

        writer.Complete();
        Clear(zero, one, x, z, scratch);
    }

    /// <summary>
    /// The receiving end: reads the peer's corrections, message by message from <paramref name="receive"/> (header
    /// included), and hands every receiving segment its outputs.
    /// </summary>
    /// <exception cref="MpcProtocolException">The corrections do not fit this batch.</exception>
    public void Finish(Func<byte[]> receive)
    {
        var reader = new BitReader(CorrectionBits(Receiving), receive);
        int ot = 0;
        ulong[] y = [];
        Span<ulong> single = stackalloc ulong[1];
        foreach (var segment in Receiving)
        {
            int length = segment.Length;
            if (y.Length < length)
            {
                y = new ulong[length];
            }

            for (int i = 0; i < segment.Count; i++, ot++)
            {
                if (length == 0 && segment.WideKeys)
                {
                    segment.Accept(i, _keys.AsSpan(2 * ot, 2));
                    continue;
                }

                if (length == 0)
                {
                    single[0] = Cut(_keys[2 * ot], segment.Width(i));
                    segment.Accept(i, single);
                    continue;
                }

                Span<ulong> ys = y.AsSpan(0, length);
                int width = segment.Width(i);
                FixedKeyAes.ExpandNarrow(_keys[2 * ot], _keys[(2 * ot) + 1], ys, width);
                if (segment.Choice(i))
                {
                    reader.AddTo(ys, width);
                }
                else
                {
                    reader.Skip((long)length * width);
                }

                segment.Accept(i, ys);
            }
        }

        reader.Complete();
        Clear(_keys, y);
        _keys = [];
    }

    private static ulong Cut(ulong value, int width) => width >= 64 ? value : value & ((1UL << width) - 1);

    private static long CorrectionBits(IEnumerable<CotSegment> segments)
    {
        long bits = 0;
        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                continue;
            }

            for (int i = 0; i < segment.Count; i++)
            {
                bits += (long)segment.Length * segment.Width(i);
            }
        }

        return bits;
    }

    private static void Clear(params ulong[][] arrays)
    {
        foreach (var array in arrays)
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(array.AsSpan()));
        }
    }
}

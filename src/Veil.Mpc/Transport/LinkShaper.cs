using System.Diagnostics;

namespace Veil.Mpc.Transport;

/// <summary>
/// One direction of one emulated link (<see cref="NetworkConditions"/>): when each frame may be written.
/// </summary>
/// <remarks>Thread-safety: <see cref="Schedule"/> is called by the link's senders under its own lock; <see cref="WaitUntil"/>
/// by the writer thread.</remarks>
internal sealed class LinkShaper
{
    private readonly long _oneWayTicks;
    private readonly double _ticksPerByte;
    private readonly object _gate = new();
    private long _linkFree;

    public LinkShaper(NetworkConditions conditions)
    {
        _oneWayTicks = (long)(conditions.OneWay.TotalSeconds * Stopwatch.Frequency);
        _ticksPerByte = conditions.BitsPerSecond > 0 ? 8.0 * Stopwatch.Frequency / conditions.BitsPerSecond : 0;
    }

    /// <summary>The timestamp at which a frame of <paramref name="bytes"/> bytes queued now may be written: after the
    /// frames before it have left at the link's rate, its own transmission, and the one-way delay.</summary>
    public long Schedule(int bytes)
    {
        lock (_gate)
        {
            long start = Math.Max(Stopwatch.GetTimestamp(), _linkFree);
            _linkFree = start + (long)(bytes * _ticksPerByte);
            return _linkFree + _oneWayTicks;
        }
    }

    /// <summary>Blocks until <paramref name="timestamp"/>: sleeping while more than two milliseconds remain, then
    /// yielding, so that sub-millisecond LAN delays are kept without a core spinning for the long WAN ones.</summary>
    public static void WaitUntil(long timestamp)
    {
        while (true)
        {
            long remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            double milliseconds = remaining * 1000.0 / Stopwatch.Frequency;
            if (milliseconds > 2)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(milliseconds - 1.5));
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}

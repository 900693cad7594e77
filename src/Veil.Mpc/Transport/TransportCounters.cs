namespace Veil.Mpc.Transport;

/// <summary>
/// Bytes a transport endpoint has sent to and received from each peer: message payloads plus the 5-byte frame
/// header of <see cref="TlsTransport"/> (counted the same in-process, so the two agree). TLS record overhead,
/// about 22 bytes per 16 KiB record, is not included.
/// </summary>
/// <remarks>Thread-safety: safe for concurrent use (interlocked counters).</remarks>
public sealed class TransportCounters
{
    /// <summary>The frame header counted with every message: a 4-byte length and a 1-byte type.</summary>
    public const int FrameOverhead = 5;

    private readonly long[] _sent;
    private readonly long[] _received;

    /// <summary>Creates zeroed counters for <paramref name="endpointCount"/> endpoints.</summary>
    public TransportCounters(int endpointCount)
    {
        _sent = new long[Guard.Positive(endpointCount)];
        _received = new long[endpointCount];
    }

    /// <summary>Bytes sent to <paramref name="peer"/>.</summary>
    public long SentTo(int peer) => Interlocked.Read(ref _sent[peer]);

    /// <summary>Bytes received from <paramref name="peer"/>.</summary>
    public long ReceivedFrom(int peer) => Interlocked.Read(ref _received[peer]);

    /// <summary>Records a message of <paramref name="payloadBytes"/> sent to <paramref name="peer"/>.</summary>
    public void AddSent(int peer, int payloadBytes) => Interlocked.Add(ref _sent[peer], payloadBytes + FrameOverhead);

    /// <summary>Records a message of <paramref name="payloadBytes"/> received from <paramref name="peer"/>.</summary>
    public void AddReceived(int peer, int payloadBytes) => Interlocked.Add(ref _received[peer], payloadBytes + FrameOverhead);
}

namespace Veil.Mpc.Transport;

/// <summary>
/// One endpoint's view of the session network: the compute parties are endpoints 0 .. n-1 and the dealer (when
/// there is one) is endpoint n. Messages between two endpoints arrive whole and in order.
/// Implemented in-process (<see cref="InProcessNetwork"/>, for tests) and over TCP with mutual TLS
/// (<see cref="TlsTransport"/>); the protocols cannot tell them apart.
/// </summary>
/// <remarks>
/// <see cref="Send"/> queues the message and returns at once, so every party can send a round's messages before
/// it receives any without deadlock. <see cref="Receive(int, TimeSpan)"/> blocks up to the transport's receive timeout.
/// Thread-safety: <see cref="Send"/>, <see cref="Receive(int, TimeSpan)"/> and <see cref="Abort"/> may be called from different
/// threads, but each peer's messages must be received by one thread at a time.
/// </remarks>
public interface IMpcTransport : IDisposable
{
    /// <summary>This endpoint's id.</summary>
    int LocalId { get; }

    /// <summary>The number of endpoints in the session (parties, plus one if a dealer takes part).</summary>
    int EndpointCount { get; }

    /// <summary>Bytes sent to and received from each peer so far.</summary>
    TransportCounters Counters { get; }

    /// <summary>Queues <paramref name="payload"/> (copied) for <paramref name="peer"/>.</summary>
    /// <exception cref="PeerFailedException">The link to <paramref name="peer"/> is already broken.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="peer"/> is not another endpoint.</exception>
    void Send(int peer, ReadOnlySpan<byte> payload);

    /// <summary>How long <see cref="Receive(int)"/> waits for a message before the peer counts as failed.</summary>
    TimeSpan ReceiveTimeout { get; }

    /// <summary>Returns the next message from <paramref name="peer"/>, waiting up to <see cref="ReceiveTimeout"/>.</summary>
    /// <exception cref="PeerFailedException">The peer disconnected, aborted, sent a malformed frame, or sent nothing within the timeout.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="peer"/> is not another endpoint.</exception>
    byte[] Receive(int peer) => Receive(peer, ReceiveTimeout);

    /// <summary>Returns the next message from <paramref name="peer"/>, waiting up to <paramref name="timeout"/>.</summary>
    /// <exception cref="PeerFailedException">The peer disconnected, aborted, sent a malformed frame, or sent nothing within the timeout.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="peer"/> is not another endpoint.</exception>
    byte[] Receive(int peer, TimeSpan timeout);

    /// <summary>
    /// Ends the session because this endpoint failed: tells every peer why (best effort) and closes the links, so
    /// their pending and future receives throw <see cref="PeerFailedException"/> at once instead of timing out.
    /// </summary>
    void Abort(string reason);
}

using System.Collections.Concurrent;

namespace Veil.Mpc.Transport;

/// <summary>
/// Messages that arrived from one peer, waiting to be received; and, once the link ends, why. A receive on an
/// empty queue of a closed link fails at once; on an open link it waits up to the timeout.
/// </summary>
/// <remarks>Thread-safety: one producer (the link) and one consumer (the receiving thread); safe for that use.</remarks>
internal sealed class InboundQueue : IDisposable
{
    private readonly BlockingCollection<byte[]> _messages = new(new ConcurrentQueue<byte[]>());
    private readonly int _peer;
    private volatile string? _closedBecause;

    public InboundQueue(int peer)
    {
        _peer = peer;
    }

    /// <summary>Adds a message; ignored once the queue is closed.</summary>
    public void Add(byte[] message)
    {
        try
        {
            _messages.Add(message);
        }
        catch (InvalidOperationException)
        {
            // Closed: the link failed or ended; late messages are dropped.
        }
    }

    /// <summary>Closes the queue: messages already queued can still be taken, then receives fail with <paramref name="reason"/>.</summary>
    public void Close(string reason)
    {
        _closedBecause ??= reason;
        try
        {
            _messages.CompleteAdding();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed with the transport.
        }
    }

    /// <summary>Takes the next message.</summary>
    /// <exception cref="PeerFailedException">The link closed with no message left, or nothing came within <paramref name="timeout"/>.</exception>
    public byte[] Take(TimeSpan timeout)
    {
        bool taken;
        byte[]? message;
        try
        {
            taken = _messages.TryTake(out message, timeout);
        }
        catch (ObjectDisposedException)
        {
            throw new PeerFailedException(_peer, $"The link to endpoint {_peer} is closed.");
        }

        if (taken)
        {
            return message!;
        }

        if (_messages.IsAddingCompleted)
        {
            throw new PeerFailedException(_peer, _closedBecause ?? $"Endpoint {_peer} disconnected.");
        }

        throw new PeerFailedException(_peer, $"Endpoint {_peer} sent nothing for {timeout.TotalSeconds:0.#} s (receive timeout).");
    }

    public void Dispose() => _messages.Dispose();
}

using System.Runtime.InteropServices;

namespace Veil.Mpc.Transport;

/// <summary>Sending and receiving ring elements: little-endian 64-bit words, with the received length checked.</summary>
/// <remarks>Thread-safety: as the transport.</remarks>
public static class TransportExtensions
{
    /// <summary>Queues <paramref name="words"/> for <paramref name="peer"/>.</summary>
    /// <exception cref="PeerFailedException">The link to <paramref name="peer"/> is already broken.</exception>
    public static void SendWords(this IMpcTransport transport, int peer, ReadOnlySpan<ulong> words)
    {
        ArgumentNullException.ThrowIfNull(transport);
        transport.Send(peer, MemoryMarshal.AsBytes(words));
    }

    /// <summary>Receives exactly <c>destination.Length</c> words from <paramref name="peer"/>.</summary>
    /// <exception cref="PeerFailedException">The peer failed or timed out.</exception>
    /// <exception cref="MpcProtocolException">The message has another length: the peer is out of step or malicious.</exception>
    public static void ReceiveWords(this IMpcTransport transport, int peer, Span<ulong> destination) =>
        transport.ReceiveWordsView(peer, destination.Length).CopyTo(destination);

    /// <summary>Receives exactly <paramref name="count"/> words from <paramref name="peer"/>, viewed in place in the received message.</summary>
    /// <exception cref="PeerFailedException">The peer failed or timed out.</exception>
    /// <exception cref="MpcProtocolException">The message has another length: the peer is out of step or malicious.</exception>
    public static ReadOnlySpan<ulong> ReceiveWordsView(this IMpcTransport transport, int peer, int count)
    {
        ArgumentNullException.ThrowIfNull(transport);
        byte[] message = transport.Receive(peer);
        long expected = (long)count * sizeof(ulong);
        if (message.Length != expected)
        {
            throw new MpcProtocolException($"Endpoint {peer} sent {message.Length} bytes where {expected} were expected: the parties are out of step.");
        }

        return MemoryMarshal.Cast<byte, ulong>(message.AsSpan());
    }
}

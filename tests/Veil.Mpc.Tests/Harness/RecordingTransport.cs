using Veil.Mpc.Transport;

namespace Veil.Mpc.Tests.Harness;

/// <summary>A transport that keeps a copy of every message its endpoint receives: the endpoint's view.</summary>
internal sealed class RecordingTransport(IMpcTransport inner) : IMpcTransport
{
    private readonly List<(int Peer, byte[] Message)> _received = [];

    public IReadOnlyList<(int Peer, byte[] Message)> Received => _received;

    public int LocalId => inner.LocalId;

    public int EndpointCount => inner.EndpointCount;

    public TimeSpan ReceiveTimeout => inner.ReceiveTimeout;

    public TransportCounters Counters => inner.Counters;

    public void Send(int peer, ReadOnlySpan<byte> payload) => inner.Send(peer, payload);

    public byte[] Receive(int peer, TimeSpan timeout)
    {
        byte[] message = inner.Receive(peer, timeout);
        _received.Add((peer, message));
        return message;
    }

    public void Abort(string reason) => inner.Abort(reason);

    public void Dispose() => inner.Dispose();
}

namespace Veil.Mpc.Transport;

/// <summary>
/// A session network inside one process, for tests: every endpoint gets a transport whose messages travel through
/// queues. It behaves like <see cref="TlsTransport"/> where it matters to the protocols: sends never block,
/// receives time out, and disposing or aborting an endpoint makes its peers' receives fail at once.
/// </summary>
/// <remarks>Thread-safety: give each endpoint's transport to its own thread.</remarks>
public sealed class InProcessNetwork
{
    private readonly InProcessTransport[] _endpoints;

    /// <summary>Creates <paramref name="endpointCount"/> connected endpoints.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than two endpoints, or a timeout that is not positive.</exception>
    public InProcessNetwork(int endpointCount, TimeSpan receiveTimeout)
    {
        Guard.InRange(endpointCount, 2, 64);
        Guard.IsTrue(receiveTimeout > TimeSpan.Zero, nameof(receiveTimeout), "must be positive");
        _endpoints = new InProcessTransport[endpointCount];
        for (int id = 0; id < endpointCount; id++)
        {
            _endpoints[id] = new InProcessTransport(this, id, endpointCount, receiveTimeout);
        }
    }

    /// <summary>The transport of endpoint <paramref name="id"/>.</summary>
    public IMpcTransport this[int id] => _endpoints[id];

    /// <summary>The number of endpoints.</summary>
    public int EndpointCount => _endpoints.Length;

    private sealed class InProcessTransport : IMpcTransport
    {
        private readonly InProcessNetwork _network;
        private readonly InboundQueue[] _inbound;
        private int _closed;

        public InProcessTransport(InProcessNetwork network, int id, int endpointCount, TimeSpan timeout)
        {
            _network = network;
            LocalId = id;
            EndpointCount = endpointCount;
            ReceiveTimeout = timeout;
            Counters = new TransportCounters(endpointCount);
            _inbound = new InboundQueue[endpointCount];
            for (int peer = 0; peer < endpointCount; peer++)
            {
                _inbound[peer] = new InboundQueue(peer);
            }
        }

        public int LocalId { get; }

        public int EndpointCount { get; }

        public TransportCounters Counters { get; }

        public void Send(int peer, ReadOnlySpan<byte> payload)
        {
            CheckPeer(peer);
            if (Volatile.Read(ref _closed) != 0)
            {
                throw new PeerFailedException(peer, $"Endpoint {LocalId} has closed its links.");
            }

            Counters.AddSent(peer, payload.Length);
            _network._endpoints[peer]._inbound[LocalId].Add(payload.ToArray());
        }

        public TimeSpan ReceiveTimeout { get; }

        public byte[] Receive(int peer, TimeSpan timeout)
        {
            CheckPeer(peer);
            byte[] message = _inbound[peer].Take(timeout);
            Counters.AddReceived(peer, message.Length);
            return message;
        }

        public void Abort(string reason) => Close($"Endpoint {LocalId} aborted: {reason}");

        public void Dispose() => Close($"Endpoint {LocalId} disconnected.");

        private void Close(string reason)
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            for (int peer = 0; peer < EndpointCount; peer++)
            {
                if (peer != LocalId)
                {
                    _network._endpoints[peer]._inbound[LocalId].Close(reason);
                }

                _inbound[peer].Close($"Endpoint {LocalId} has closed its links.");
            }
        }

        private void CheckPeer(int peer)
        {
            if ((uint)peer >= (uint)EndpointCount || peer == LocalId)
            {
                throw new ArgumentOutOfRangeException(nameof(peer), peer, $"Endpoint {LocalId} has no peer {peer}.");
            }
        }
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Veil.Mpc.Transport;

/// <summary>
/// The session network over TCP with TLS 1.3 and mutual certificate authentication. Every endpoint listens on its
/// port; each connects to the endpoints with lower ids and accepts those with higher ids. A peer is accepted only if
/// it presents the certificate its entry pins (SHA-256 of the DER certificate) and then names the matching id; chains
/// and host names are not used, the pins are the trust. Messages travel as length-prefixed frames with a size cap;
/// see <see cref="IMpcTransport"/> for the failure behaviour.
/// </summary>
/// <remarks>Thread-safety: as <see cref="IMpcTransport"/>.</remarks>
public sealed class TlsTransport : IMpcTransport
{
    private const ulong HelloMagic = 0x4F4C_4C45_4854_4C56; // "VLTHELLO"
    private const ushort Version = 1;

    private readonly TlsLink?[] _links;

    private TlsTransport(int localId, TlsLink?[] links, TransportOptions options)
    {
        LocalId = localId;
        _links = links;
        ReceiveTimeout = options.ReceiveTimeout;
        Counters = new TransportCounters(links.Length);
    }

    /// <inheritdoc />
    public int LocalId { get; }

    /// <inheritdoc />
    public int EndpointCount => _links.Length;

    /// <inheritdoc />
    public TimeSpan ReceiveTimeout { get; }

    /// <inheritdoc />
    public TransportCounters Counters { get; }

    /// <summary>The SHA-256 pin of a certificate: the hash of its DER encoding, 64 uppercase hexadecimal digits.</summary>
    public static string Pin(X509Certificate certificate) => Security.PinnedCertificates.Pin(certificate);

    /// <summary>
    /// Connects endpoint <paramref name="localId"/> to every other endpoint of <paramref name="endpoints"/>, presenting
    /// <paramref name="certificate"/> (which must hold its private key).
    /// </summary>
    /// <exception cref="MpcAuthenticationException">A peer presented a certificate its entry does not pin, or refused ours.</exception>
    /// <exception cref="PeerFailedException">A peer did not connect within the connect timeout.</exception>
    /// <exception cref="ArgumentException">The endpoint list is not numbered 0 .. n-1, or the certificate is not this endpoint's pin or has no private key.</exception>
    public static TlsTransport Connect(IReadOnlyList<TlsEndpoint> endpoints, int localId, X509Certificate2 certificate, TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.InRange(endpoints.Count, 2, 64, nameof(endpoints));
        for (int i = 0; i < endpoints.Count; i++)
        {
            Guard.IsTrue(endpoints[i].Id == i, nameof(endpoints), "must be numbered 0 .. n-1 in order");
        }

        Guard.InRange(localId, 0, endpoints.Count - 1);
        Guard.IsTrue(certificate.HasPrivateKey, nameof(certificate), "must hold its private key");
        Guard.IsTrue(string.Equals(Pin(certificate), endpoints[localId].CertificateSha256, StringComparison.OrdinalIgnoreCase),
            nameof(certificate), $"is not the certificate pinned for {endpoints[localId].Name}");

        var establishment = new Establishment(endpoints, localId, certificate, options);
        return new TlsTransport(localId, establishment.Run(), options);
    }

    /// <inheritdoc />
    public void Send(int peer, ReadOnlySpan<byte> payload)
    {
        Link(peer).Send(payload);
        Counters.AddSent(peer, payload.Length);
    }

    /// <inheritdoc />
    public byte[] Receive(int peer, TimeSpan timeout)
    {
        byte[] message = Link(peer).Inbound.Take(timeout);
        Counters.AddReceived(peer, message.Length);
        return message;
    }

    /// <inheritdoc />
    public void Abort(string reason)
    {
        foreach (var link in _links)
        {
            link?.Close(FrameType.Abort, reason, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Closes every connection at once without a goodbye, as a crashed process does (for failure tests).</summary>
    internal void Sever()
    {
        foreach (var link in _links)
        {
            link?.Sever();
        }
    }

    /// <summary>Says goodbye to every peer and closes the connections.</summary>
    public void Dispose()
    {
        foreach (var link in _links)
        {
            link?.Dispose();
        }
    }

    private TlsLink Link(int peer)
    {
        if ((uint)peer >= (uint)_links.Length || _links[peer] is not { } link)
        {
            throw new ArgumentOutOfRangeException(nameof(peer), peer, $"Endpoint {LocalId} has no peer {peer}.");
        }

        return link;
    }

    /// <summary>Builds the mesh: listens for higher ids, connects to lower ids, all within the connect timeout.</summary>
    private sealed class Establishment
    {
        private readonly IReadOnlyList<TlsEndpoint> _endpoints;
        private readonly int _localId;
        private readonly X509Certificate2 _certificate;
        private readonly TransportOptions _options;
        private readonly TlsLink?[] _links;
        private readonly List<string> _rejected = [];
        private readonly DateTime _deadline;

        public Establishment(IReadOnlyList<TlsEndpoint> endpoints, int localId, X509Certificate2 certificate, TransportOptions options)
        {
            _endpoints = endpoints;
            _localId = localId;
            _certificate = certificate;
            _options = options;
            _links = new TlsLink?[endpoints.Count];
            _deadline = DateTime.UtcNow + options.ConnectTimeout;
        }

        public TlsLink?[] Run()
        {
            TcpListener? listener = null;
            using var cancel = new CancellationTokenSource(_options.ConnectTimeout);
            try
            {
                var tasks = new List<Task>();
                if (_localId < _endpoints.Count - 1)
                {
                    TlsEndpoint local = _endpoints[_localId];
                    listener = new TcpListener(BindAddress(local.Host), local.Port);
                    listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    listener.Start();
                    tasks.Add(AcceptAllAsync(listener, cancel.Token));
                }

                for (int peer = 0; peer < _localId; peer++)
                {
                    tasks.Add(ConnectAsync(peer, cancel.Token));
                }

                try
                {
                    Task.WaitAll(tasks.ToArray());
                }
                catch (AggregateException aggregate)
                {
                    cancel.Cancel();
                    var errors = aggregate.Flatten().InnerExceptions;
                    throw errors.OfType<MpcAuthenticationException>().FirstOrDefault()
                        ?? errors.OfType<MpcProtocolException>().FirstOrDefault()
                        ?? (Exception)new PeerFailedException(MissingPeer(), Missing(), errors[0]);
                }

                return _links;
            }
            catch
            {
                foreach (var link in _links)
                {
                    link?.Close(FrameType.Abort, "the session could not be established", TimeSpan.FromMilliseconds(200));
                }

                throw;
            }
            finally
            {
                listener?.Stop();
            }
        }

        private static IPAddress BindAddress(string host) =>
            host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address) ? address
            : IPAddress.Any;

        private async Task AcceptAllAsync(TcpListener listener, CancellationToken cancel)
        {
            while (Enumerable.Range(_localId + 1, _endpoints.Count - _localId - 1).Any(peer => Volatile.Read(ref _links[peer]) is null))
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    throw new PeerFailedException(MissingPeer(), Missing());
                }

                try
                {
                    await AcceptOneAsync(client, cancel).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is AuthenticationException or IOException or MpcProtocolException or SocketException or OperationCanceledException)
                {
                    lock (_rejected)
                    {
                        _rejected.Add(ex is AuthenticationException ? "a peer without a pinned certificate" : ex.Message);
                    }

                    client.Dispose();
                }
            }
        }

        private async Task AcceptOneAsync(TcpClient client, CancellationToken cancel)
        {
            client.NoDelay = true;
            var stream = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
            try
            {
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                handshake.CancelAfter(TimeSpan.FromSeconds(10));
                await stream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = SslStreamCertificateContext.Create(_certificate, null, offline: true),
                    ClientCertificateRequired = true,
                    EnabledSslProtocols = SslProtocols.Tls13,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && PeerOfPin(Pin(certificate)) > _localId,
                }, handshake.Token).ConfigureAwait(false);

                int peer = PeerOfPin(Pin(stream.RemoteCertificate!));
                int claimed = await ReadHelloAsync(stream, handshake.Token).ConfigureAwait(false);
                if (claimed != peer)
                {
                    throw new MpcProtocolException($"A peer with {_endpoints[peer].Name}'s certificate claimed to be endpoint {claimed}.");
                }

                if (Volatile.Read(ref _links[peer]) is not null)
                {
                    throw new MpcProtocolException($"{_endpoints[peer].Name} connected twice.");
                }

                await WriteHelloAsync(stream, handshake.Token).ConfigureAwait(false);
                Volatile.Write(ref _links[peer], new TlsLink(client, stream, _localId, peer, _options));
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        private async Task ConnectAsync(int peer, CancellationToken cancel)
        {
            TlsEndpoint endpoint = _endpoints[peer];
            while (true)
            {
                var client = new TcpClient { NoDelay = true };
                try
                {
                    await client.ConnectAsync(endpoint.Host, endpoint.Port, cancel).ConfigureAwait(false);
                }
                catch (SocketException) when (DateTime.UtcNow < _deadline)
                {
                    client.Dispose();
                    await Task.Delay(100, cancel).ConfigureAwait(false);
                    continue;
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                {
                    client.Dispose();
                    throw new PeerFailedException(peer, $"Could not reach {endpoint.Name} at {endpoint.Host}:{endpoint.Port} within {_options.ConnectTimeout.TotalSeconds:0.#} s.", ex);
                }

                var stream = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
                try
                {
                    using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                    handshake.CancelAfter(TimeSpan.FromSeconds(10));
                    await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                    {
                        TargetHost = endpoint.Name,
                        ClientCertificates = [_certificate],
                        EnabledSslProtocols = SslProtocols.Tls13,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                        RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                            certificate is not null && string.Equals(Pin(certificate), endpoint.CertificateSha256, StringComparison.OrdinalIgnoreCase),
                    }, handshake.Token).ConfigureAwait(false);
                    await WriteHelloAsync(stream, handshake.Token).ConfigureAwait(false);
                    int claimed;
                    try
                    {
                        claimed = await ReadHelloAsync(stream, handshake.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or AuthenticationException)
                    {
                        throw new MpcAuthenticationException($"{endpoint.Name} closed the connection after the TLS handshake: it does not pin our certificate.", ex);
                    }

                    if (claimed != peer)
                    {
                        throw new MpcProtocolException($"{endpoint.Name} answered as endpoint {claimed}.");
                    }

                    Volatile.Write(ref _links[peer], new TlsLink(client, stream, _localId, peer, _options));
                    return;
                }
                catch (AuthenticationException ex)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                    throw new MpcAuthenticationException($"TLS with {endpoint.Name} at {endpoint.Host}:{endpoint.Port} failed: it presented a certificate its entry does not pin, or refused ours ({ex.Message}).", ex);
                }
                catch
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }

        private async Task WriteHelloAsync(SslStream stream, CancellationToken cancel)
        {
            var frame = new byte[5 + 14];
            BinaryPrimitives.WriteInt32LittleEndian(frame, 14);
            frame[4] = (byte)FrameType.Hello;
            BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(5), HelloMagic);
            BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(13), Version);
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(15), _localId);
            await stream.WriteAsync(frame, cancel).ConfigureAwait(false);
            await stream.FlushAsync(cancel).ConfigureAwait(false);
        }

        private static async Task<int> ReadHelloAsync(SslStream stream, CancellationToken cancel)
        {
            var frame = new byte[5 + 14];
            await stream.ReadExactlyAsync(frame, cancel).ConfigureAwait(false);
            if (BinaryPrimitives.ReadInt32LittleEndian(frame) != 14 || frame[4] != (byte)FrameType.Hello
                || BinaryPrimitives.ReadUInt64LittleEndian(frame.AsSpan(5)) != HelloMagic)
            {
                throw new MpcProtocolException("A peer did not send a Veil transport hello.");
            }

            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(13));
            if (version != Version)
            {
                throw new MpcProtocolException($"A peer speaks transport version {version}; this endpoint speaks {Version}.");
            }

            return BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(15));
        }

        private int PeerOfPin(string pin)
        {
            for (int id = 0; id < _endpoints.Count; id++)
            {
                if (string.Equals(_endpoints[id].CertificateSha256, pin, StringComparison.OrdinalIgnoreCase))
                {
                    return id;
                }
            }

            return -1;
        }

        private int MissingPeer()
        {
            for (int peer = 0; peer < _links.Length; peer++)
            {
                if (peer != _localId && Volatile.Read(ref _links[peer]) is null)
                {
                    return peer;
                }
            }

            return -1;
        }

        private string Missing()
        {
            var names = Enumerable.Range(0, _links.Length)
                .Where(peer => peer != _localId && Volatile.Read(ref _links[peer]) is null)
                .Select(peer => _endpoints[peer].Name);
            string message = $"{string.Join(", ", names)} did not connect to {_endpoints[_localId].Name} within {_options.ConnectTimeout.TotalSeconds:0.#} s";
            lock (_rejected)
            {
                return _rejected.Count == 0 ? message + "." : message + $"; refused: {string.Join("; ", _rejected.Distinct())}.";
            }
        }
    }
}

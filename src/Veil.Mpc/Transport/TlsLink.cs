using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Veil.Mpc.Transport;

/// <summary>
/// One authenticated TLS connection to a peer, after the hello: a reader thread that reassembles frames into
/// messages for an <see cref="InboundQueue"/>, and a writer thread that drains a queue of outgoing frames, so sends
/// never block the protocol. Any I/O error, oversized or unknown frame, abort or end of stream closes the inbound
/// queue with the reason, so the next receive fails at once.
/// </summary>
/// <remarks>Thread-safety: <see cref="Send"/> may be called from any thread; the queue has one consumer.</remarks>
internal sealed class TlsLink : IDisposable
{
    private const int HeaderSize = 5;

    private readonly TcpClient _client;
    private readonly SslStream _stream;
    private readonly int _peer;
    private readonly TransportOptions _options;
    private readonly BlockingCollection<(byte[] Frame, long Due)> _outgoing = new(new ConcurrentQueue<(byte[], long)>());
    private readonly LinkShaper? _shaper;
    private readonly Thread _reader;
    private readonly Thread _writer;
    private volatile string? _failure;
    private int _closed;
    private int _shutDown;

    public TlsLink(TcpClient client, SslStream stream, int localId, int peer, TransportOptions options)
    {
        _client = client;
        _stream = stream;
        _peer = peer;
        _options = options;
        _shaper = options.Network is { } network ? new LinkShaper(network) : null;
        Inbound = new InboundQueue(peer);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"veil-mpc {localId}<-{peer}" };
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = $"veil-mpc {localId}->{peer}" };
        _reader.Start();
        _writer.Start();
    }

    public InboundQueue Inbound { get; }

    /// <summary>Queues a message, split into frames no larger than the frame cap.</summary>
    /// <exception cref="PeerFailedException">The link has failed or closed.</exception>
    public void Send(ReadOnlySpan<byte> payload)
    {
        if (_failure is { } failure || Volatile.Read(ref _closed) != 0)
        {
            throw new PeerFailedException(_peer, _failure ?? $"The link to endpoint {_peer} is closed.");
        }

        int max = _options.MaxFrameBytes;
        do
        {
            int take = Math.Min(max, payload.Length);
            Enqueue(take == payload.Length ? FrameType.Message : FrameType.Part, payload[..take]);
            payload = payload[take..];
        }
        while (!payload.IsEmpty);
    }

    /// <summary>Sends a final frame (abort with a reason, or bye), waits briefly for the queue to drain, and closes.</summary>
    public void Close(FrameType final, string reason, TimeSpan drain)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            byte[] text = Encoding.UTF8.GetBytes(reason.Length > 1000 ? reason[..1000] : reason);
            Enqueue(final, text);
            _outgoing.CompleteAdding();
            _writer.Join(drain);
        }
        catch (InvalidOperationException)
        {
            // The writer already stopped on an error.
        }

        Inbound.Close(final == FrameType.Abort ? $"This endpoint aborted: {reason}" : $"The link to endpoint {_peer} is closed.");
        Shutdown();
    }

    /// <summary>Closes the connection at once, with no final frame: what a peer sees when this process dies.</summary>
    public void Sever()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Inbound.Close($"The link to endpoint {_peer} is closed.");
            Shutdown();
        }
    }

    public void Dispose()
    {
        Close(FrameType.Bye, "bye", TimeSpan.FromSeconds(2));
        _outgoing.Dispose();
        Inbound.Dispose();
    }

    private void Enqueue(FrameType type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        frame[4] = (byte)type;
        payload.CopyTo(frame.AsSpan(HeaderSize));
        _outgoing.Add((frame, _shaper?.Schedule(frame.Length) ?? 0));
    }

    private void WriteLoop()
    {
        try
        {
            foreach ((byte[] frame, long due) in _outgoing.GetConsumingEnumerable())
            {
                if (_shaper is not null)
                {
                    // An emulated link: the frame leaves when it would arrive, and is not held back for the next.
                    LinkShaper.WaitUntil(due);
                    _stream.Write(frame);
                    _stream.Flush();
                    continue;
                }

                _stream.Write(frame);
                if (_outgoing.Count == 0)
                {
                    _stream.Flush();
                }
            }

            _stream.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            Fail($"Sending to endpoint {_peer} failed: {ex.Message}");
        }
    }

    private void ReadLoop()
    {
        var header = new byte[HeaderSize];
        var parts = new MemoryStream();
        try
        {
            while (true)
            {
                _stream.ReadExactly(header);
                int length = BinaryPrimitives.ReadInt32LittleEndian(header);
                var type = (FrameType)header[4];
                if (length < 0 || length > _options.MaxFrameBytes)
                {
                    Fail($"Endpoint {_peer} sent a frame of {(uint)length} bytes, over the {_options.MaxFrameBytes}-byte cap.");
                    return;
                }

                var payload = new byte[length];
                _stream.ReadExactly(payload);
                switch (type)
                {
                    case FrameType.Message when parts.Length == 0:
                        Inbound.Add(payload);
                        break;
                    case FrameType.Message:
                    case FrameType.Part:
                        if (parts.Length + length > _options.MaxMessageBytes)
                        {
                            Fail($"Endpoint {_peer} sent a message over the {_options.MaxMessageBytes}-byte cap.");
                            return;
                        }

                        parts.Write(payload);
                        if (type == FrameType.Message)
                        {
                            Inbound.Add(parts.ToArray());
                            parts.SetLength(0);
                        }

                        break;
                    case FrameType.Abort:
                        Fail($"Endpoint {_peer} aborted: {Encoding.UTF8.GetString(payload)}");
                        return;
                    case FrameType.Bye:
                        Inbound.Close($"Endpoint {_peer} ended the session.");
                        return;
                    default:
                        Fail($"Endpoint {_peer} sent a malformed frame (type {(byte)type}).");
                        return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            Fail(Volatile.Read(ref _closed) != 0 ? $"The link to endpoint {_peer} is closed." : $"Endpoint {_peer} disconnected ({ex.Message}).");
        }
    }

    private void Fail(string reason)
    {
        _failure ??= reason;
        Inbound.Close(reason);
        if (Volatile.Read(ref _closed) == 0)
        {
            Shutdown();
        }
    }

    private void Shutdown()
    {
        if (Interlocked.Exchange(ref _shutDown, 1) != 0)
        {
            return;
        }

        try
        {
            _client.Client?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        _stream.Dispose();
        _client.Dispose();
    }
}

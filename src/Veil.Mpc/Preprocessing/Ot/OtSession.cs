using System.Security.Cryptography;
using Veil.Mpc.Transport;
using Veil.Random;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// The two extension instances of a pair of parties, set up by base OTs: instance i has party i as extension sender.
/// <see cref="Run"/> executes a batch on both at once in two message flights each way (the second in
/// messages of up to 8 MiB).
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use. <see cref="Dispose"/> clears the key material.</remarks>
internal sealed class OtSession : IDisposable
{
    private const byte Version = 1;
    private const byte ExtensionTag = 0x55;
    private const byte CorrectionTag = 0x44;
    private const int NonceBytes = 16;
    private const int DigestBytes = 16;

    private readonly IMpcTransport _transport;
    private readonly int _peer;
    private readonly IknpSender _sender;
    private readonly IknpReceiver _receiver;

    private OtSession(IMpcTransport transport, int peer, IknpSender sender, IknpReceiver receiver)
    {
        _transport = transport;
        _peer = peer;
        _sender = sender;
        _receiver = receiver;
    }

    /// <summary>Runs the base OTs of both instances with the peer (two flights each way).</summary>
    /// <exception cref="PeerFailedException">The peer failed or went silent.</exception>
    /// <exception cref="MpcProtocolException">The peer sent a malformed message.</exception>
    public static OtSession Establish(IMpcTransport transport, int party, IRandomSource random)
    {
        int peer = 1 - party;
        var nonce = new byte[NonceBytes];
        random.Fill(nonce);
        var y = BaseOt.RandomScalar(random);
        byte[] point = BaseOt.SenderMessage(y);
        transport.Send(peer, [Version, .. nonce, .. point]);
        byte[] hello = transport.Receive(peer);
        if (hello.Length != 1 + NonceBytes + BaseOt.PointBytes || hello[0] != Version)
        {
            throw new MpcProtocolException($"The peer's OT hello holds {hello.Length} bytes (version {(hello.Length > 0 ? hello[0] : -1)}); expected {1 + NonceBytes + BaseOt.PointBytes} of version {Version}.");
        }

        byte[] mine = [.. nonce, .. point], theirs = hello[1..];
        byte[] transcript = SHA256.HashData(party == 0 ? [.. "veil-ot-session-v1"u8, .. mine, .. theirs] : [.. "veil-ot-session-v1"u8, .. theirs, .. mine]);

        // In instance `party` this party is the extension sender, hence the base-OT receiver of the peer's point.
        var s = new ulong[2];
        random.Fill(s);
        var (answer, chosen) = BaseOt.Receive(theirs.AsSpan(NonceBytes), s, transcript, (byte)party, random);
        transport.Send(peer, answer);
        byte[] peerAnswer = transport.Receive(peer);
        var (zero, one) = BaseOt.Send(y, peerAnswer, transcript, (byte)peer);
        var session = new OtSession(transport, peer, new IknpSender(s, chosen, transcript, (byte)party), new IknpReceiver(zero, one, transcript, (byte)peer));
        Array.Clear(s);
        return session;
    }

    /// <summary>
    /// Runs <paramref name="batch"/>: sends the extension columns of the OTs this party receives and the corrections
    /// of those it sends. <paramref name="digest"/> names the requests, so that parties asking for different ones
    /// fail instead of mixing them.
    /// </summary>
    /// <exception cref="PeerFailedException">The peer failed or went silent.</exception>
    /// <exception cref="MpcProtocolException">The peer asked for other correlations or sent a malformed message.</exception>
    public void Run(CotBatch batch, ReadOnlySpan<byte> digest)
    {
        _transport.Send(_peer, batch.ReceiverMessage(_receiver, [ExtensionTag, .. digest[..DigestBytes]]));
        byte[] theirs = _transport.Receive(_peer);
        if (theirs.Length < 1 + DigestBytes || theirs[0] != ExtensionTag)
        {
            throw new MpcProtocolException("The peer's OT-extension message is malformed.");
        }

        if (!theirs.AsSpan(1, DigestBytes).SequenceEqual(digest[..DigestBytes]))
        {
            throw new MpcProtocolException("The peer asked for other correlations than this party: the request lists differ.");
        }

        batch.CheckColumns(theirs.Length - 1 - DigestBytes);

        // The receiving half runs beside the sending half: the peer's corrections are consumed as they arrive.
        var finishing = Task.Factory.StartNew(() => batch.Finish(() =>
        {
            byte[] message = _transport.Receive(_peer);
            if (message.Length < 1 || message[0] != CorrectionTag)
            {
                throw new MpcProtocolException("The peer's OT-correction message is malformed.");
            }

            return message;
        }), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        batch.Respond(_sender, theirs.AsSpan(1 + DigestBytes), CorrectionTag, message => _transport.Send(_peer, message));
        finishing.GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }
}

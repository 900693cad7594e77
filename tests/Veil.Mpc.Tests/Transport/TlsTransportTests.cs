using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Veil.Mpc.Tests.Harness;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Tests.Transport;

public class TlsTransportTests
{
    /// <summary>For tests that wait for a refused connection to time out.</summary>
    private static readonly TransportOptions Quick = new() { ConnectTimeout = TimeSpan.FromSeconds(2), ReceiveTimeout = TimeSpan.FromSeconds(5) };

    /// <summary>For connections that must succeed: a loaded CI machine (other test assemblies run alongside) may take
    /// longer than <see cref="Quick"/>'s two seconds to schedule a handshake.</summary>
    private static readonly TransportOptions Patient = Quick with { ConnectTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task APeerPresentingAnUnpinnedClientCertificateIsRefused()
    {
        TlsEndpoint[] endpoints = TestNetwork.LoopbackEndpoints(2);

        // Party 1 holds certificate 5; party 0's parties file pins certificate 1 for it.
        TlsEndpoint[] impostorView = [endpoints[0], endpoints[1] with { CertificateSha256 = TlsTransport.Pin(TestNetwork.Certificate(5)) }];
        var server = Task.Run(() => Record.Exception(() => TlsTransport.Connect(endpoints, 0, TestNetwork.Certificate(0), Quick).Dispose()));
        var client = Task.Run(() => Record.Exception(() => TlsTransport.Connect(impostorView, 1, TestNetwork.Certificate(5), Quick).Dispose()));

        var clientError = Assert.IsType<MpcAuthenticationException>(await client);
        Assert.Contains("does not pin our certificate", clientError.Message);
        var serverError = Assert.IsType<PeerFailedException>(await server);
        Assert.Contains("party1 did not connect", serverError.Message);
        Assert.Contains("without a pinned certificate", serverError.Message);
    }

    [Fact]
    public async Task AServerPresentingAnUnpinnedCertificateIsRefused()
    {
        TlsEndpoint[] endpoints = TestNetwork.LoopbackEndpoints(2);

        // Party 1 expects certificate 6 for party 0, which presents certificate 0.
        TlsEndpoint[] suspicious = [endpoints[0] with { CertificateSha256 = TlsTransport.Pin(TestNetwork.Certificate(6)) }, endpoints[1]];
        var server = Task.Run(() => Record.Exception(() => TlsTransport.Connect(endpoints, 0, TestNetwork.Certificate(0), Quick).Dispose()));
        var client = Task.Run(() => Record.Exception(() => TlsTransport.Connect(suspicious, 1, TestNetwork.Certificate(1), Quick).Dispose()));

        var error = Assert.IsType<MpcAuthenticationException>(await client);
        Assert.Contains("does not pin", error.Message);
        Assert.IsType<PeerFailedException>(await server);
    }

    [Fact]
    public async Task AClientWithoutACertificateIsRefusedAndTheRealPeerStillConnects()
    {
        TlsEndpoint[] endpoints = TestNetwork.LoopbackEndpoints(2);
        var server = Task.Run(() => TlsTransport.Connect(endpoints, 0, TestNetwork.Certificate(0), Patient));

        // A rogue client that trusts anything but has no certificate to show.
        Exception? rogue = Record.Exception(() =>
        {
            using var tcp = ConnectWithRetry(endpoints[0].Port);
            using var tls = new SslStream(tcp.GetStream());
            tls.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                TargetHost = "party0",
                EnabledSslProtocols = SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
            });
            tls.ReadTimeout = 3000;
            tls.Write(new byte[19]);
            tls.ReadExactly(new byte[19]);
        });
        Assert.True(rogue is IOException or AuthenticationException, $"the rogue client was not refused: {rogue}");

        using IMpcTransport party1 = TlsTransport.Connect(endpoints, 1, TestNetwork.Certificate(1), Patient);
        using IMpcTransport party0 = await server;
        party1.Send(0, [1, 2, 3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, party0.Receive(1));
    }

    [Fact]
    public async Task LargeMessagesTravelAsSeveralFramesAndOversizedFramesAreRefused()
    {
        TlsEndpoint[] endpoints = TestNetwork.LoopbackEndpoints(2);
        var small = Patient with { MaxFrameBytes = 4096, MaxMessageBytes = 1 << 20 };
        var large = Patient with { MaxFrameBytes = 1 << 20 };
        var server = Task.Run(() => TlsTransport.Connect(endpoints, 0, TestNetwork.Certificate(0), small));
        using IMpcTransport sender = TlsTransport.Connect(endpoints, 1, TestNetwork.Certificate(1), large);
        using IMpcTransport receiver = await server;

        // Receiver to sender: split into 4 KiB frames and reassembled.
        byte[] message = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        receiver.Send(1, message);
        Assert.Equal(message, sender.Receive(0));

        // Sender to receiver: one 100 KB frame, over the receiver's 4 KiB cap.
        sender.Send(0, message);
        var error = Assert.Throws<PeerFailedException>(() => receiver.Receive(1));
        Assert.Contains("over the 4096-byte cap", error.Message);
    }

    [Fact]
    public void APartyKilledMidProtocolMakesTheOthersFailPromptly()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var outcome = MpcSession.RunAll(2, context =>
        {
            var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? new double[4096] : [], new TensorShape(4096));
            for (int i = 0; ; i++)
            {
                if (context.PartyId == 1 && i == 3)
                {
                    // The process dies: its connections reset, with no goodbye and no abort message.
                    ((TlsTransport)context.Transport).Sever();
                    return 0;
                }

                x = x.Relu();
            }
        }, TransportKind.Tls, 16, timeout);

        Assert.IsAssignableFrom<MpcProtocolException>(outcome.Errors[0]);
        Assert.IsAssignableFrom<MpcProtocolException>(outcome.Errors[2]);
        Assert.True(outcome.Finished[0] < timeout && outcome.Finished[2] < timeout, "the survivors waited for the receive timeout");
    }

    [Fact]
    public void ASilentPartyMakesTheOthersFailAtTheReceiveTimeout()
    {
        var timeout = TimeSpan.FromSeconds(1);
        var outcome = MpcSession.RunAll(2, context =>
        {
            var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? new double[64] : [], new TensorShape(64));
            x = x.Relu();
            if (context.PartyId == 1)
            {
                Thread.Sleep(timeout * 2.5);
            }

            return x.Relu().Count;
        }, TransportKind.Tls, 16, timeout);

        var error = Assert.IsType<PeerFailedException>(outcome.Errors[0]);
        Assert.Contains("receive timeout", error.Message);
        Assert.True(outcome.Errors[1] is not null, "party 1 finished: " + string.Join(" | ", outcome.Errors.Select(e => e?.Message)));
        Assert.IsAssignableFrom<MpcProtocolException>(outcome.Errors[1]);
        Assert.IsAssignableFrom<MpcProtocolException>(outcome.Errors[2]);
    }

    [Fact]
    public void APartySendingMalformedDataMakesEveryPartyFail()
    {
        var outcome = MpcSession.RunAll(2, context =>
        {
            var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? new double[100] : [], new TensorShape(100));
            if (context.PartyId == 1)
            {
                context.Transport.Send(0, new byte[13]); // not the 800 bytes the multiplication opens
                Thread.Sleep(500);
            }

            return x.Multiply(x).Reveal().Length;
        }, TransportKind.Tls, 16, TimeSpan.FromSeconds(10));

        var error = Assert.IsAssignableFrom<MpcProtocolException>(outcome.Errors[0]);
        Assert.Contains("out of step", error.Message);
        Assert.All(outcome.Errors, e => Assert.IsAssignableFrom<MpcProtocolException>(e));
    }

    private static TcpClient ConnectWithRetry(int port)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new TcpClient("127.0.0.1", port);
            }
            catch (SocketException) when (attempt < 50)
            {
                Thread.Sleep(50);
            }
        }
    }
}

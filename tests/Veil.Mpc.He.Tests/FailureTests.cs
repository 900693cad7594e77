using System.Diagnostics;
using Veil.Mpc.He;
using Veil.Mpc.Transport;

namespace Veil.Mpc.He.Tests;

public class FailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("truncate")]
    [InlineData("garbage")]
    public void ATruncatedOrGarbledCiphertextFailsBothPartiesQuickly(string tamper)
    {
        Func<byte[], byte[]> change = tamper == "truncate"
            ? message => message[..(message.Length / 2)]
            : message => [message[0], .. message[1..5], .. Enumerable.Repeat((byte)0xFF, message.Length - 5)];
        var stopwatch = Stopwatch.StartNew();
        var (_, errors) = InProcessPair.Run((_, source, _) => source.MatMul(4, 30, 6), timeout: Timeout,
            wrap: (party, transport) => party == 1 ? new TamperingTransport(transport, change) : transport);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.IsType<MpcProtocolException>(errors[0]);
        Assert.IsType<PeerFailedException>(errors[1]);
    }

    [Fact]
    public void APeerThatDisconnectsFailsTheOtherQuickly()
    {
        var stopwatch = Stopwatch.StartNew();
        var (_, errors) = InProcessPair.Run<object?>((party, source, transport) =>
        {
            if (party == 1)
            {
                transport.Dispose();
                return null;
            }

            return source.MatMul(4, 30, 6);
        }, timeout: Timeout);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.IsType<PeerFailedException>(errors[0]);
    }

    [Fact]
    public void PartiesWithDifferentParametersRefuseEachOther()
    {
        var (_, errors) = InProcessPair.Run((_, source, _) => source.Options, timeout: Timeout,
            wrap: (party, transport) => party == 1 ? new TamperingTransport(transport, m => { m[3] ^= 1; return m; }, helloOnly: true) : transport);
        Assert.Contains(errors, e => e is ParameterMismatchException);
    }

    /// <summary>Changes the HE messages (hello 0x48, upload 0x55) this party sends to the other party.</summary>
    private sealed class TamperingTransport(IMpcTransport inner, Func<byte[], byte[]> change, bool helloOnly = false) : IMpcTransport
    {
        public int LocalId => inner.LocalId;

        public int EndpointCount => inner.EndpointCount;

        public TransportCounters Counters => inner.Counters;

        public TimeSpan ReceiveTimeout => inner.ReceiveTimeout;

        public void Send(int peer, ReadOnlySpan<byte> payload)
        {
            byte tag = helloOnly ? (byte)0x48 : (byte)0x55;
            bool heMessage = peer < 2 && payload.Length > 5 && payload[0] == tag;
            inner.Send(peer, heMessage ? change(payload.ToArray()) : payload);
        }

        public byte[] Receive(int peer, TimeSpan timeout) => inner.Receive(peer, timeout);

        public void Abort(string reason) => inner.Abort(reason);

        public void Dispose() => inner.Dispose();
    }
}

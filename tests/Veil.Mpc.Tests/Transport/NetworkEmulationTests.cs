using System.Diagnostics;
using Veil.Mpc.Deployment;
using Veil.Mpc.Tests.Harness;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Tests.Transport;

/// <summary>The emulated network adds at least the delay and transmission time it states. Only lower bounds are
/// asserted: a loaded machine can only add time, never remove it.</summary>
public class NetworkEmulationTests
{
    private static async Task<(IMpcTransport, IMpcTransport)> Pair(NetworkConditions network)
    {
        TlsEndpoint[] endpoints = TestNetwork.LoopbackEndpoints(2);
        var options = new TransportOptions { ConnectTimeout = TimeSpan.FromSeconds(30), ReceiveTimeout = TimeSpan.FromSeconds(20), Network = network };
        var server = Task.Run(() => TlsTransport.Connect(endpoints, 0, TestNetwork.Certificate(0), options));
        IMpcTransport client = TlsTransport.Connect(endpoints, 1, TestNetwork.Certificate(1), options);
        return (await server, client);
    }

    [Fact]
    public async Task A_round_trip_takes_at_least_the_emulated_round_trip_time()
    {
        var (party0, party1) = await Pair(new NetworkConditions { RoundTrip = TimeSpan.FromMilliseconds(60) });
        using (party0)
        using (party1)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 3; i++)
            {
                party0.Send(1, [(byte)i]);
                Assert.Equal([(byte)i], party1.Receive(0));
                party1.Send(0, [(byte)(i + 10)]);
                Assert.Equal([(byte)(i + 10)], party0.Receive(1));
            }

            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(3 * 60), $"three round trips took {clock.Elapsed.TotalMilliseconds:F1} ms");
        }
    }

    [Fact]
    public async Task Bytes_take_at_least_their_transmission_time_and_arrive_intact()
    {
        // 250,000 bytes at 20 Mb/s: 100 ms on the wire.
        var (party0, party1) = await Pair(new NetworkConditions { RoundTrip = TimeSpan.Zero, BitsPerSecond = 20e6 });
        using (party0)
        using (party1)
        {
            byte[] payload = new byte[250_000];
            System.Security.Cryptography.RandomNumberGenerator.Fill(payload);
            var clock = Stopwatch.StartNew();
            party0.Send(1, payload);
            Assert.Equal(payload, party1.Receive(0));
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(100), $"250 kB at 20 Mb/s took {clock.Elapsed.TotalMilliseconds:F1} ms");
        }
    }

    [Fact]
    public void Conditions_are_validated_and_travel_in_the_parties_file()
    {
        Assert.Throws<ArgumentException>(() => new NetworkConditions { RoundTrip = TimeSpan.FromSeconds(-1) }.Validate());
        Assert.Throws<ArgumentException>(() => new NetworkConditions { BitsPerSecond = 10 }.Validate());
        NetworkConditions.Wan.Validate();

        string directory = Directory.CreateTempSubdirectory("veil-network").FullName;
        try
        {
            string file = SessionKeys.Create(directory, 2, ["127.0.0.1"], [47001, 47002, 47003], null, overwrite: false);
            SessionConfig config = SessionConfig.Load(file) with { Network = NetworkConditions.Wan };
            config.Save(file);
            SessionConfig read = SessionConfig.Load(file);
            Assert.Equal(NetworkConditions.Wan, read.Network);
            Assert.Equal(NetworkConditions.Wan, read.TransportOptions.Network);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

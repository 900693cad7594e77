using System.Security.Cryptography.X509Certificates;
using Veil.Federated.Service.Coordination;
using Veil.Federated.Service.Hosting;
using Veil.Federated.Training;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Nn.Zoo;
using Veil.Security;

namespace Veil.Federated.Service.Tests;

/// <summary>Coordinator and clients over gRPC with mutually authenticated TLS, in one process but over real sockets.</summary>
public sealed class NetworkedFederationTests : IDisposable
{
    private static readonly Lazy<(X509Certificate2 Server, X509Certificate2[] Clients)> Keys = new(() => FederationKeys.Create(4));
    private static readonly Lazy<MnistDataset> Train = new(() => MnistDataset.LoadEmbedded(MnistSplit.Train));
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-fl-net-").FullName;

    private static MnistDataset Shard(int client) => Train.Value.Subset([.. Enumerable.Range(client * 600, 600)]);

    private static FederatedClient Client(CoordinatorHost host, int id, X509Certificate2? certificate = null, string? serverPin = null) =>
        new(new Uri($"https://localhost:{host.Port}"), serverPin ?? PinnedCertificates.Pin(Keys.Value.Server), certificate ?? Keys.Value.Clients[id], id)
        {
            PollInterval = TimeSpan.FromMilliseconds(50),
            Patience = TimeSpan.FromSeconds(3),
        };

    private FederatedCoordinator Coordinator(int rounds = 2) =>
        new(new CoordinatorOptions { Model = "mlp", Clients = 4, ClientsPerRound = 4, Rounds = rounds, Seed = 1 }, Path.Combine(_directory, "state.db"));

    [Fact]
    public async Task ClientsTrainTheModelOverMutuallyAuthenticatedTls()
    {
        using FederatedCoordinator coordinator = Coordinator();
        await using CoordinatorHost host = await CoordinatorHost.StartAsync(coordinator, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients));
        var strategy = new FederatedStrategy { LocalEpochs = 1 };
        ClientSummary[] summaries = await Task.WhenAll(Enumerable.Range(0, 4).Select(k => Task.Run(async () =>
        {
            using FederatedClient client = Client(host, k);
            return await client.RunAsync(Shard(k), strategy);
        })));
        Assert.True(coordinator.IsDone);
        Assert.All(summaries, s => Assert.Equal(2, s.RoundsTrained));

        Sequential model = ModelZoo.Create("mlp", 1);
        ModelVector.Write(coordinator.GlobalWeights(), model);
        double accuracy = BackendEvaluator.Evaluate(new PlainBackend(), model, MnistDataset.LoadEmbedded(MnistSplit.Test), 2000).Accuracy;
        Assert.True(accuracy > 0.5, $"accuracy {accuracy:P1} (chance: 10%)");
    }

    [Fact]
    public async Task AnUnregisteredCertificateAndAForgedIdAreRefused()
    {
        using FederatedCoordinator coordinator = Coordinator();
        await using CoordinatorHost host = await CoordinatorHost.StartAsync(coordinator, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients));
        using X509Certificate2 stranger = PinnedCertificates.Create("stranger", TimeSpan.FromDays(1));
        using (FederatedClient unregistered = Client(host, 0, stranger))
        {
            await Assert.ThrowsAsync<VeilException>(() => unregistered.RunAsync(Shard(0), new FederatedStrategy()));
        }

        // Client 1's certificate claiming to be client 2.
        using (FederatedClient forged = Client(host, 2, Keys.Value.Clients[1]))
        {
            var e = await Assert.ThrowsAsync<VeilException>(() => forged.RunAsync(Shard(2), new FederatedStrategy()));
            Assert.Contains("belongs to client 1", e.Message);
        }

        Assert.Equal(0, coordinator.AcceptedThisRound);
    }

    [Fact]
    public async Task AClientRefusesAServerWhoseCertificateIsNotPinned()
    {
        using FederatedCoordinator coordinator = Coordinator();
        await using CoordinatorHost host = await CoordinatorHost.StartAsync(coordinator, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients));
        using FederatedClient client = Client(host, 0, serverPin: new string('A', 64));
        await Assert.ThrowsAsync<VeilException>(() => client.RunAsync(Shard(0), new FederatedStrategy()));
        Assert.Equal(0, coordinator.AcceptedThisRound);
    }

    [Fact]
    public async Task AServerRestartedMidRoundLosesNothing()
    {
        int port;
        var strategy = new FederatedStrategy();
        using (FederatedCoordinator first = Coordinator(rounds: 1))
        {
            await using CoordinatorHost host = await CoordinatorHost.StartAsync(first, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients));
            port = host.Port;

            // Two of the four clients send their update; then the server stops.
            foreach (int k in new[] { 0, 1 })
            {
                using var client = new FederatedOneShot(host, k);
                await client.SendOneUpdate(Shard(k), strategy);
            }

            Assert.Equal(2, first.AcceptedThisRound);
        }

        using FederatedCoordinator second = Coordinator(rounds: 1);
        Assert.Equal(2, second.AcceptedThisRound);
        await using CoordinatorHost again = await CoordinatorHost.StartAsync(second, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients), port);
        await Task.WhenAll(new[] { 2, 3 }.Select(k => Task.Run(async () =>
        {
            using FederatedClient client = Client(again, k);
            await client.RunAsync(Shard(k), strategy);
        })));
        Assert.True(second.IsDone);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A client that sends exactly one update and stops, to leave a round half done.</summary>
    private sealed class FederatedOneShot(CoordinatorHost host, int id) : IDisposable
    {
        private readonly FederatedClient _client = Client(host, id);

        public async Task SendOneUpdate(MnistDataset data, FederatedStrategy strategy)
        {
            using var cancel = new CancellationTokenSource();
            var progress = _client.RunAsync(data, strategy, cancel.Token);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && !progress.IsCompleted)
            {
                await Task.Delay(50);
                if (_client.UpdatesSent > 0)
                {
                    break;
                }
            }

            await cancel.CancelAsync();
            try
            {
                await progress;
            }
            catch (OperationCanceledException)
            {
            }
        }

        public void Dispose() => _client.Dispose();
    }
}

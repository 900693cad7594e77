using System.Security.Cryptography.X509Certificates;
using Veil.Federated.Service.Coordination;
using Veil.Federated.Service.Hosting;
using Veil.Federated.Training;
using Veil.Nn.Data;
using Veil.Security;

namespace Veil.Federated.Service.Tests;

/// <summary>Secure aggregation between networked clients: the coordinator learns only each round's sum.</summary>
public sealed class SecureNetworkedFederationTests : IDisposable
{
    private static readonly Lazy<(X509Certificate2 Server, X509Certificate2[] Clients)> Keys = new(() => FederationKeys.Create(4));
    private static readonly Lazy<MnistDataset> Train = new(() => MnistDataset.LoadEmbedded(MnistSplit.Train));
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-fl-sec-").FullName;

    private static MnistDataset Shard(int client) => Train.Value.Subset([.. Enumerable.Range(client * 500, 500)]);

    private FederatedCoordinator Coordinator(TimeSpan stepTimeout) =>
        new(new CoordinatorOptions { Model = "mlp", Clients = 4, ClientsPerRound = 4, Rounds = 2, Seed = 3, SecureAggregation = true, StepTimeout = stepTimeout },
            Path.Combine(_directory, "state.db"));

    private static async Task<ClientSummary[]> RunClients(CoordinatorHost host, IEnumerable<int> ids) =>
        await Task.WhenAll(ids.Select(k => Task.Run(async () =>
        {
            using var client = new FederatedClient(new Uri($"https://localhost:{host.Port}"), PinnedCertificates.Pin(Keys.Value.Server), Keys.Value.Clients[k], k)
            {
                PollInterval = TimeSpan.FromMilliseconds(30),
                Patience = TimeSpan.FromSeconds(5),
            };
            return await client.RunAsync(Shard(k), new FederatedStrategy());
        })));

    [Fact]
    public async Task ClientsTrainThroughSecureAggregationAndTheServerNeverTakesAPlainUpdate()
    {
        using FederatedCoordinator coordinator = Coordinator(TimeSpan.FromSeconds(30));
        float[] start = coordinator.GlobalWeights();
        Assert.Throws<CoordinatorException>(() => coordinator.Submit(0, 1, new float[coordinator.Parameters], 1));
        await using CoordinatorHost host = await CoordinatorHost.StartAsync(coordinator, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients));
        ClientSummary[] summaries = await RunClients(host, [0, 1, 2, 3]);
        Assert.True(coordinator.IsDone);
        Assert.All(summaries, s => Assert.Equal(2, s.RoundsTrained));
        Assert.NotEqual(start, coordinator.GlobalWeights());
    }

    [Fact]
    public async Task AClientThatNeverComesCountsAsDroppedAfterTheStepTimeout()
    {
        using FederatedCoordinator coordinator = Coordinator(TimeSpan.FromSeconds(4));
        await using CoordinatorHost host = await CoordinatorHost.StartAsync(coordinator, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients));

        // Four are selected each round; client 3 never connects. Three of four meet the threshold (4 − ⌊4/3⌋ = 3).
        ClientSummary[] summaries = await RunClients(host, [0, 1, 2]);
        Assert.True(coordinator.IsDone);
        Assert.All(summaries, s => Assert.Equal(2, s.RoundsTrained));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

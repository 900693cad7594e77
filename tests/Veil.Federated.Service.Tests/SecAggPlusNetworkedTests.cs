using System.Security.Cryptography.X509Certificates;
using Veil.Federated.Service.Coordination;
using Veil.Federated.Service.Hosting;
using Veil.Security;

namespace Veil.Federated.Service.Tests;

/// <summary>SecAgg+'s sparse graph between networked clients: the sum over real sockets equals the plain sum.</summary>
public sealed class SecAggPlusNetworkedTests : IDisposable
{
    private const int Clients = 6, Degree = 4;
    private static readonly Lazy<(X509Certificate2 Server, X509Certificate2[] Clients)> Keys = new(() => FederationKeys.Create(Clients));
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-fl-plus-").FullName;

    [Fact]
    public async Task TheSparseGraphsSumEqualsThePlainSum()
    {
        using FederatedCoordinator coordinator = Coordinator(TimeSpan.FromSeconds(30));
        float[] start = coordinator.GlobalWeights();
        await using CoordinatorHost host = await CoordinatorHost.StartAsync(coordinator, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients));
        await NetworkedTestClients.Run(host, Keys.Value, Enumerable.Range(0, Clients), KnownUpdates.Trainer, _ => 100);
        AssertMeanOfUpdates(coordinator, start, Enumerable.Range(0, Clients));
    }

    [Fact]
    public async Task TheSparseGraphRecoversTheSumWhenAClientNeverComes()
    {
        using FederatedCoordinator coordinator = Coordinator(TimeSpan.FromSeconds(4));
        float[] start = coordinator.GlobalWeights();
        await using CoordinatorHost host = await CoordinatorHost.StartAsync(coordinator, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients));

        // Client 5 never connects: each neighbourhood of 5 holders loses at most one, and 3 (a majority) suffice.
        await NetworkedTestClients.Run(host, Keys.Value, Enumerable.Range(0, Clients - 1), KnownUpdates.Trainer, _ => 100);
        AssertMeanOfUpdates(coordinator, start, Enumerable.Range(0, Clients - 1));
    }

    private static void AssertMeanOfUpdates(FederatedCoordinator coordinator, float[] start, IEnumerable<int> included)
    {
        Assert.True(coordinator.IsDone);
        SecureRound last = coordinator.LastSecureRound!;
        Assert.Equal(Degree, last.Round.Graph.Degree);
        Assert.Equal(3, last.Round.Graph.Threshold);
        Assert.Equal(included.Count(), last.Included);
        float[] mean = KnownUpdates.Mean(included, start.Length, 1);
        float[] now = coordinator.GlobalWeights();

        // Quantization: range 1, 6 summands ⇒ f = 28, at most 6·2^-29 per summed value; float32 rounding of the weights.
        for (int i = 0; i < now.Length; i++)
        {
            Assert.True(Math.Abs(now[i] - (start[i] + mean[i])) < 1e-6, $"coordinate {i}: {now[i]} vs {start[i] + mean[i]}");
        }
    }

    private FederatedCoordinator Coordinator(TimeSpan stepTimeout) =>
        new(new CoordinatorOptions
        {
            Model = "mlp", Clients = Clients, Rounds = 1, Seed = 5, SecureAggregation = true, SecAggDegree = Degree, StepTimeout = stepTimeout,
        }, Path.Combine(_directory, "state.db"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

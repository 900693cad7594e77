using System.Security.Cryptography.X509Certificates;
using Veil.Federated.SecureAggregation;
using Veil.Federated.Service.Coordination;
using Veil.Federated.Service.Hosting;

namespace Veil.Federated.Service.Tests;

/// <summary>Example-weighted FedAvg through networked secure aggregation: only the sum of the weights reaches the
/// coordinator, and its new weights are the plain example-weighted mean within the quantization bound.</summary>
public sealed class WeightedSecureAggregationTests : IDisposable
{
    private const double MeanExamples = 500, MaxWeight = 4;
    private static readonly int[] Examples = [100, 300, 1100, 2500]; // weights 0.2, 0.6, 2.2 and 5 capped to 4
    private static readonly Lazy<(X509Certificate2 Server, X509Certificate2[] Clients)> Keys = new(() => FederationKeys.Create(Examples.Length));
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-fl-weighted-").FullName;

    [Fact]
    public async Task UnequalShardsAreWeightedByTheirExampleCounts()
    {
        using var coordinator = new FederatedCoordinator(new CoordinatorOptions
        {
            Model = "mlp", Clients = Examples.Length, Rounds = 1, Seed = 2, SecureAggregation = true, MeanExamples = MeanExamples, MaxWeight = MaxWeight,
            StepTimeout = TimeSpan.FromSeconds(30),
        }, Path.Combine(_directory, "state.db"));
        float[] start = coordinator.GlobalWeights();
        await using CoordinatorHost host = await CoordinatorHost.StartAsync(coordinator, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients));
        await NetworkedTestClients.Run(host, Keys.Value, Enumerable.Range(0, Examples.Length), KnownUpdates.Trainer, k => Examples[k]);
        Assert.True(coordinator.IsDone);

        int[] clients = [.. Enumerable.Range(0, Examples.Length)];
        Func<int, double> weight = k => Math.Min(Examples[k] / MeanExamples, MaxWeight);
        float[] weighted = KnownUpdates.Mean(clients, start.Length, 1, weight);
        float[] equal = KnownUpdates.Mean(clients, start.Length, 1);
        float[] now = coordinator.GlobalWeights();

        // The quantization bound (docs/fl.md): each summed coordinate, the weight sum W included, is within
        // e = n·2^-(f+1) of the plain sum, so the mean is within (1 + |mean|)·e/(W − e); plus float32 rounding (a few
        // units of 2^-24 of the weighted values, at most 0.5 each on average, of the mean and of the weights).
        var quantizer = new Quantizer(MaxWeight, Examples.Length);
        double e = Examples.Length * quantizer.MaxErrorPerValue, total = clients.Sum(weight);
        int differsFromEqual = 0;
        for (int i = 0; i < now.Length; i++)
        {
            double expected = start[i] + weighted[i];
            double bound = ((1 + Math.Abs(weighted[i])) * e / (total - e)) + (4 * Math.ScaleB(1.0, -24) * (0.5 + Math.Abs(weighted[i]) + Math.Abs(start[i])));
            Assert.True(Math.Abs(now[i] - expected) <= bound, $"coordinate {i}: {now[i]} vs {expected} (bound {bound:G3})");
            differsFromEqual += Math.Abs(now[i] - (start[i] + equal[i])) > bound ? 1 : 0;
        }

        Assert.True(differsFromEqual > now.Length * 0.9, $"only {differsFromEqual} coordinates tell weighted from equal averaging");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

using Veil.Federated.Privacy;
using Veil.Federated.Service.Coordination;
using Veil.Privacy.Accounting;

namespace Veil.Federated.Service.Tests;

/// <summary>The coordinator's client-level DP without the transport: Poisson sampling that survives a restart, ε,
/// and refusals of updates that break the rules.</summary>
public sealed class CoordinatorDpTests : IDisposable
{
    private const int Clients = 20, PerRound = 5, Rounds = 16;
    private static readonly ClientDpOptions Dp = new() { NoiseMultiplier = 1.1, ClipNorm = 0.5 };
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-fl-cdp-").FullName;

    private FederatedCoordinator Coordinator() =>
        new(new CoordinatorOptions { Model = "mlp", Clients = Clients, ClientsPerRound = PerRound, Rounds = Rounds, Dp = Dp }, Path.Combine(_directory, "state.db"));

    [Fact]
    public void ClientsArePoissonSampledTheSampleSurvivesARestartAndEpsilonIsTheAccountants()
    {
        var sizes = new List<int>();
        FederatedCoordinator coordinator = Coordinator();
        try
        {
            float[] zero = new float[coordinator.Parameters];
            while (!coordinator.IsDone)
            {
                int round = coordinator.CurrentRound;
                int[] selected = [.. coordinator.Selected];
                sizes.Add(selected.Length);
                Assert.All(Enumerable.Range(0, Clients), k =>
                    Assert.Equal(selected.Contains(k) ? ClientTask.Train : ClientTask.Wait, coordinator.GetTask(k).Task));
                for (int j = 0; j < selected.Length; j++)
                {
                    if (round == 3 && j == selected.Length / 2)
                    {
                        // Restart mid-round: the same sample, the accepted updates kept, the same ε so far.
                        double epsilon = coordinator.Epsilon;
                        coordinator.Dispose();
                        coordinator = Coordinator();
                        Assert.Equal(round, coordinator.CurrentRound);
                        Assert.Equal(selected, coordinator.Selected);
                        Assert.Equal(j, coordinator.AcceptedThisRound);
                        Assert.Equal(epsilon, coordinator.Epsilon, 12);
                    }

                    coordinator.Submit(selected[j], round, zero, 1, withinClip: true);
                }
            }

            // Binomial(20, 1/4) sizes: mean 5, deviation 1.9; over 16 rounds the mean is within 5 ± 2.4 (5 deviations).
            Assert.True(sizes.Distinct().Count() > 1, "every round had the same number of clients");
            Assert.InRange(sizes.Average(), PerRound - 2.4, PerRound + 2.4);
            var accountant = new RdpAccountant();
            accountant.Compose(Dp.NoiseMultiplier, (double)PerRound / Clients, Rounds);
            Assert.Equal(accountant.GetEpsilon(Dp.Delta), coordinator.Epsilon, 12);
        }
        finally
        {
            coordinator.Dispose();
        }
    }

    [Fact]
    public void AnOversizedOrWeightedUpdateIsRefusedAndNotCounted()
    {
        using FederatedCoordinator coordinator = Coordinator();
        int client = coordinator.Selected.First();
        float[] big = new float[coordinator.Parameters];
        big[0] = 0.6f; // norm 0.6 > C = 0.5
        Assert.Throws<CoordinatorException>(() => coordinator.Submit(client, coordinator.CurrentRound, big, 1));
        big[0] = 0.4f;
        Assert.Throws<CoordinatorException>(() => coordinator.Submit(client, coordinator.CurrentRound, big, 100));
        Assert.Equal(0, coordinator.AcceptedThisRound);
        coordinator.Submit(client, coordinator.CurrentRound, big, 1);
        Assert.Equal(1, coordinator.AcceptedThisRound);
    }

    [Fact]
    public void DistributedNoiseWithoutSecureAggregationIsRefused()
    {
        var options = new CoordinatorOptions { Model = "mlp", Clients = 4, Dp = Dp with { Placement = NoisePlacement.Distributed } };
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Contains("secure aggregation", e.Message, StringComparison.Ordinal);
        (options with { SecureAggregation = true }).Validate();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

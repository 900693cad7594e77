using System.Security.Cryptography.X509Certificates;
using Veil.Federated.Privacy;
using Veil.Federated.Service.Coordination;
using Veil.Federated.Service.Hosting;
using Veil.Privacy.Accounting;

namespace Veil.Federated.Service.Tests;

/// <summary>Client-level DP between networked clients: the noise's deviation at the coordinator and distributed over
/// the clients, the clients' clipping to the C the coordinator sends, and ε from Veil.Privacy's accountant.</summary>
public sealed class NetworkedClientDpTests : IDisposable
{
    private const int Clients = 4;
    private static readonly Lazy<(X509Certificate2 Server, X509Certificate2[] Clients)> Keys = new(() => FederationKeys.Create(Clients));
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-fl-dp-").FullName;

    private static readonly KnownUpdates.ClientTrainer Zero = (_, _, _, update, _) => update.Clear();

    [Theory]
    [InlineData(false, NoisePlacement.Server, 5.0)]
    [InlineData(true, NoisePlacement.Server, 5.0)]
    [InlineData(true, NoisePlacement.Distributed, 1.5)]
    public async Task TheNoiseOfARoundHasTheStatedDeviation(bool secagg, NoisePlacement placement, double z)
    {
        var dp = new ClientDpOptions { NoiseMultiplier = z, ClipNorm = 0.8, Placement = placement };
        using FederatedCoordinator coordinator = Coordinator(dp, secagg, rounds: 1);
        float[] start = coordinator.GlobalWeights();
        await using CoordinatorHost host = await CoordinatorHost.StartAsync(coordinator, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients));
        await NetworkedTestClients.Run(host, Keys.Value, Enumerable.Range(0, Clients), Zero, _ => 100);
        Assert.True(coordinator.IsDone);

        // Zero updates: the step is the noisy sum over m, so its deviation is z·C/m (distributed: m shares of
        // variance (z·C)²/m). Over ~10^5 coordinates the sample deviation's relative error is about 0.2%; 2% is ~9 of it.
        float[] now = coordinator.GlobalWeights();
        double sumSquares = 0, sum = 0;
        for (int i = 0; i < now.Length; i++)
        {
            double step = now[i] - start[i];
            sum += step;
            sumSquares += step * step;
        }

        double mean = sum / now.Length, std = Math.Sqrt((sumSquares / now.Length) - (mean * mean));
        double stated = z * dp.ClipNorm / Clients;
        Assert.True(Math.Abs(std / stated - 1) < 0.02, $"deviation {std:G4}, stated {stated:G4}");
        Assert.True(Math.Abs(mean) < 6 * stated / Math.Sqrt(now.Length), $"mean {mean:G3}");
        Assert.Equal(Accountant(z, 1.0, 1, dp.Delta), coordinator.Epsilon, 12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClientsClipToTheNormTheCoordinatorSendsEachRound(bool secagg)
    {
        // Client 0's update is huge, the others zero; the noise is negligible (z = 10^-6). Adaptive clipping moves C
        // after round 1 (three of four updates were within it), and round 2's clients clip to the new C.
        var dp = new ClientDpOptions { NoiseMultiplier = 1e-6, ClipNorm = 1, AdaptiveClipping = true };
        using FederatedCoordinator coordinator = Coordinator(dp, secagg, rounds: 2);
        float[] start = coordinator.GlobalWeights();
        float[]? second = null;
        double secondClip = 0;
        KnownUpdates.ClientTrainer trainer = (_, global, round, update, client) =>
        {
            if (round == 2 && client == 0)
            {
                second = global.ToArray();
                secondClip = coordinator.ClipNorm!.Value;
            }

            update.Fill(client == 0 ? 10f : 0f);
        };
        await using CoordinatorHost host = await CoordinatorHost.StartAsync(coordinator, Keys.Value.Server, FederationKeys.Registry(Keys.Value.Clients));
        await NetworkedTestClients.Run(host, Keys.Value, Enumerable.Range(0, Clients), trainer, _ => 100);
        Assert.True(coordinator.IsDone);
        Assert.NotNull(second);
        Assert.True(secondClip < 1, $"C after round 1: {secondClip}");
        AssertClipped(start, second!, 1);
        AssertClipped(second!, coordinator.GlobalWeights(), secondClip);
        Assert.Equal(Accountant(1e-6, 1.0, 2, dp.Delta), coordinator.Epsilon, 12);
    }

    /// <summary>The step times m is client 0's clipped update: norm C (within 10^-3), all coordinates equal.</summary>
    private static void AssertClipped(float[] before, float[] after, double clip)
    {
        double squares = 0;
        for (int i = 0; i < before.Length; i++)
        {
            double v = (after[i] - before[i]) * Clients;
            squares += v * v;
        }

        double norm = Math.Sqrt(squares);
        Assert.True(norm <= clip * 1.001 && norm >= clip * 0.999, $"the contribution's norm is {norm:G6}, the clip norm {clip:G6}");
    }

    private static double Accountant(double z, double q, int rounds, double delta)
    {
        var accountant = new RdpAccountant();
        accountant.Compose(z, q, rounds);
        return accountant.GetEpsilon(delta);
    }

    private FederatedCoordinator Coordinator(ClientDpOptions dp, bool secagg, int rounds) =>
        new(new CoordinatorOptions
        {
            Model = "mlp", Clients = Clients, Rounds = rounds, Seed = 4, SecureAggregation = secagg, Dp = dp, StepTimeout = TimeSpan.FromSeconds(30),
        }, Path.Combine(_directory, "state.db"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

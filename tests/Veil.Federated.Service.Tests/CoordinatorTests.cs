using Veil.Federated.Service.Coordination;

namespace Veil.Federated.Service.Tests;

/// <summary>The coordinator's rules and its durability, without the network.</summary>
public sealed class CoordinatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-fl-").FullName;

    private string State => Path.Combine(_directory, "state.db");

    private static CoordinatorOptions Options => new() { Model = "mlp", Clients = 5, ClientsPerRound = 3, Rounds = 2, Seed = 4 };

    private static int[] Selected(FederatedCoordinator c) =>
        [.. Enumerable.Range(0, 5).Where(k => c.GetTask(k).Task == ClientTask.Train)];

    [Fact]
    public void ARestartedCoordinatorResumesTheOpenRoundWithEveryAcceptedUpdate()
    {
        float[] update = Enumerable.Repeat(0.001f, 0).ToArray();
        int[] selected;
        float[] start;
        using (var first = new FederatedCoordinator(Options, State))
        {
            selected = Selected(first);
            Assert.Equal(3, selected.Length);
            start = first.GlobalWeights();
            update = Enumerable.Repeat(0.01f, first.Parameters).ToArray();
            first.Submit(selected[0], 1, update, 1);
            first.Submit(selected[1], 1, update, 1);
            Assert.Equal(2, first.AcceptedThisRound);
        }

        using var second = new FederatedCoordinator(Options, State);
        Assert.Equal(1, second.CurrentRound);
        Assert.Equal(2, second.AcceptedThisRound);
        Assert.Equal(selected, Selected(second).Concat(selected[..2]).Order());
        Assert.Throws<CoordinatorException>(() => second.Submit(selected[0], 1, update, 1));
        second.Submit(selected[2], 1, update, 1);

        // The round closed with all three updates: the weights moved by their mean, 0.01 each.
        Assert.Equal(2, second.CurrentRound);
        float[] after = second.GlobalWeights();
        Assert.All(Enumerable.Range(0, after.Length), i => Assert.Equal(start[i] + 0.01f, after[i], 5));
    }

    [Fact]
    public void BadUpdatesAreRefusedAndNotCounted()
    {
        using var c = new FederatedCoordinator(Options, State);
        int[] selected = Selected(c);
        int outsider = Enumerable.Range(0, 5).Except(selected).First();
        float[] good = new float[c.Parameters];
        Assert.Throws<CoordinatorException>(() => c.Submit(outsider, 1, good, 1));
        Assert.Throws<CoordinatorException>(() => c.Submit(selected[0], 2, good, 1));
        Assert.Throws<CoordinatorException>(() => c.Submit(selected[0], 1, new float[7], 1));
        float[] nan = new float[c.Parameters];
        nan[3] = float.NaN;
        Assert.Throws<CoordinatorException>(() => c.Submit(selected[0], 1, nan, 1));
        Assert.Throws<CoordinatorException>(() => c.Submit(selected[0], 1, good, -1));
        Assert.Throws<CoordinatorException>(() => c.Submit(99, 1, good, 1));
        Assert.Equal(0, c.AcceptedThisRound);
        c.Submit(selected[0], 1, good, 1);
        Assert.Throws<CoordinatorException>(() => c.Submit(selected[0], 1, good, 1));
        Assert.Equal(1, c.AcceptedThisRound);
    }

    [Fact]
    public void AStateFileOfAnotherFederationIsRefused()
    {
        new FederatedCoordinator(Options, State).Dispose();
        var e = Assert.Throws<CoordinatorException>(() => new FederatedCoordinator(Options with { Rounds = 9 }, State));
        Assert.Contains("another federation", e.Message);
    }

    [Fact]
    public void ARoundClosesOnTimeoutOnceTwoThirdsArrived()
    {
        using var c = new FederatedCoordinator(Options with { RoundTimeout = TimeSpan.FromMilliseconds(50) }, State);
        int[] selected = Selected(c);
        c.Submit(selected[0], 1, new float[c.Parameters], 1);
        Thread.Sleep(100);
        Assert.Equal(1, c.CurrentRound); // one of three is below two thirds: still waiting
        c.Submit(selected[1], 1, new float[c.Parameters], 1);
        Thread.Sleep(100);
        _ = c.GetTask(0);
        Assert.Equal(2, c.CurrentRound);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

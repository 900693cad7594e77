using System.Text.Json;
using Orleans.Storage;

namespace Veil.Federated.Orleans.Tests;

/// <summary>Grain state in SQLite: a cluster restarted on the same file resumes the open round with every acknowledged
/// update, and a stale writer is refused.</summary>
public sealed class DurableAggregationTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"veil-orleans-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task AClusterRestartedOnItsStateFileLosesNoAcknowledgedUpdate()
    {
        const int Clients = 24, Length = 300, Shards = 6;
        var random = new System.Random(5);
        float[] initial = [.. Enumerable.Range(0, Length).Select(_ => (float)random.NextDouble())];
        float[][] updates = [.. Enumerable.Range(0, Clients).Select(_ => Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray())];
        double[] weights = [.. Enumerable.Range(0, Clients).Select(c => 1.0 + (c % 4))];
        Task Submit(ICoordinatorGrain coordinator, int c) =>
            coordinator.Submit(c, 1, [.. updates[c].Select(v => (float)(v * weights[c]))], weights[c]);

        await using (OrleansCluster first = await OrleansCluster.StartAsync(silos: 2, statePath: _path))
        {
            ICoordinatorGrain coordinator = first.Grains.GetGrain<ICoordinatorGrain>("durable");
            await coordinator.Start(initial, Shards);
            await Task.WhenAll(Enumerable.Range(0, Clients / 2).Select(c => Submit(coordinator, c)));
        }

        await using (OrleansCluster second = await OrleansCluster.StartAsync(silos: 2, statePath: _path))
        {
            ICoordinatorGrain coordinator = second.Grains.GetGrain<ICoordinatorGrain>("durable");
            (int round, float[] current) = await coordinator.Current();
            Assert.Equal(1, round);
            Assert.Equal(initial, current);

            // The restarted shards remember who was counted: a second update from client 0 is refused.
            await Assert.ThrowsAsync<ArgumentException>(() => Submit(coordinator, 0));
            await Assert.ThrowsAsync<InvalidOperationException>(() => coordinator.Start(new float[Length], Shards));

            await Task.WhenAll(Enumerable.Range(Clients / 2, Clients / 2).Select(c => Submit(coordinator, c)));
            PartialSum total = await coordinator.CloseRound();
            Assert.Equal(Clients, total.Count);
        }

        await using OrleansCluster third = await OrleansCluster.StartAsync(silos: 1, statePath: _path);
        (int next, float[] model) = await third.Grains.GetGrain<ICoordinatorGrain>("durable").Current();
        Assert.Equal(2, next);
        double totalWeight = weights.Sum();
        for (int i = 0; i < Length; i++)
        {
            double expected = initial[i] + (Enumerable.Range(0, Clients).Sum(c => updates[c][i] * weights[c]) / totalWeight);
            Assert.Equal(expected, model[i], 1e-4);
        }
    }

    [Fact]
    public async Task AWriteWithAStaleETagIsRefusedAndTheStoredStateKept()
    {
        using var file = new SqliteStateFile(_path);
        var storage = new SqliteGrainStorage(file, new JsonStorageSerializer());
        GrainId grain = GrainId.Create("test", "one");
        var first = new GrainState<CoordinatorState>(new CoordinatorState { Round = 1 });
        var stale = new GrainState<CoordinatorState>(new CoordinatorState { Round = 7 });
        await storage.ReadStateAsync("coordinator", grain, first);
        await storage.ReadStateAsync("coordinator", grain, stale);
        Assert.False(first.RecordExists);

        await storage.WriteStateAsync("coordinator", grain, first);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("coordinator", grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("coordinator", grain, stale));

        var reread = new GrainState<CoordinatorState>(new CoordinatorState());
        await storage.ReadStateAsync("coordinator", grain, reread);
        Assert.True(reread.RecordExists);
        Assert.Equal(1, reread.State!.Round);
        Assert.Equal(first.ETag, reread.ETag);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    private sealed class JsonStorageSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input));

        public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToArray())!;
    }
}

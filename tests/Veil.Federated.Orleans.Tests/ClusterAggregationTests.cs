namespace Veil.Federated.Orleans.Tests;

/// <summary>Aggregation on an Orleans cluster of two silos (localhost clustering), against the plain weighted mean.</summary>
public class ClusterAggregationTests
{
    [Fact]
    public async Task TwoSilosAggregateTheWeightedMeanExactlyAndShareTheShards()
    {
        await using OrleansCluster cluster = await OrleansCluster.StartAsync(silos: 2);
        const int Clients = 40, Length = 1000, Shards = 16;
        ICoordinatorGrain coordinator = cluster.Grains.GetGrain<ICoordinatorGrain>("test-federation");
        await coordinator.Start(new float[Length], Shards);
        var random = new System.Random(3);
        float[][] updates = [.. Enumerable.Range(0, Clients).Select(_ => Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray())];
        double[] weights = [.. Enumerable.Range(0, Clients).Select(c => 1.0 + (c % 3))];
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c =>
            coordinator.Submit(c, 1, [.. updates[c].Select(v => (float)(v * weights[c]))], weights[c])));

        // A second update from a client, or one for another round, is refused and not counted.
        await Assert.ThrowsAsync<ArgumentException>(() => coordinator.Submit(0, 1, new float[Length], 1));
        await Assert.ThrowsAsync<ArgumentException>(() => coordinator.Submit(1, 2, new float[Length], 1));

        PartialSum total = await coordinator.CloseRound();
        Assert.Equal(Clients, total.Count);
        Assert.Equal(2, total.Silos.Length);
        (int round, float[] mean) = await coordinator.Current();
        Assert.Equal(2, round);
        double totalWeight = weights.Sum();
        for (int i = 0; i < Length; i++)
        {
            double expected = Enumerable.Range(0, Clients).Sum(c => updates[c][i] * weights[c]) / totalWeight;
            Assert.Equal(expected, mean[i], 1e-4); // a tolerance: rounding both to 4 places failed when they straddled a boundary
        }
    }
}

using Veil.Federated.Partitioning;

namespace Veil.Federated.Tests;

public class PartitioningTests
{
    private static byte[] Labels(int count, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, count).Select(_ => (byte)random.Next(10)).ToArray();
    }

    [Fact]
    public void IidShardsAreDisjointCompleteAndBalanced()
    {
        int[][] shards = ClientPartitioner.Iid(1003, 10, seed: 1);
        Assert.Equal(Enumerable.Range(0, 1003), shards.SelectMany(s => s).Order());
        Assert.All(shards, s => Assert.InRange(s.Length, 100, 101));
        Assert.Equal(shards[3], ClientPartitioner.Iid(1003, 10, seed: 1)[3]);
        Assert.NotEqual(shards[3], ClientPartitioner.Iid(1003, 10, seed: 2)[3]);
    }

    [Fact]
    public void DirichletShardsAreDisjointCompleteAndSkewedByAlpha()
    {
        byte[] labels = Labels(20_000, 3);
        int[][] skewed = ClientPartitioner.Dirichlet(labels, 50, 0.1, seed: 1);
        int[][] mild = ClientPartitioner.Dirichlet(labels, 50, 100, seed: 1);
        foreach (int[][] shards in new[] { skewed, mild })
        {
            Assert.Equal(Enumerable.Range(0, labels.Length), shards.SelectMany(s => s).Order());
            Assert.All(shards, s => Assert.True(s.Length >= 10));
        }

        // Mean label entropy per client: near log2(10) = 3.32 bits for α = 100, far lower for α = 0.1.
        double Entropy(int[] shard) => -shard.GroupBy(i => labels[i]).Select(g => (double)g.Count() / shard.Length).Sum(p => p * Math.Log2(p));
        double mildEntropy = mild.Average(Entropy), skewedEntropy = skewed.Average(Entropy);
        Assert.True(mildEntropy > 3.2, $"α = 100 gives {mildEntropy:F2} bits");
        Assert.True(skewedEntropy < 2.0, $"α = 0.1 gives {skewedEntropy:F2} bits");
    }

    [Fact]
    public void GammaDrawsHaveTheirMean()
    {
        var random = new System.Random(5);
        foreach (double shape in new[] { 0.3, 1.0, 4.5 })
        {
            double mean = Enumerable.Range(0, 40_000).Average(_ => ClientPartitioner.Gamma(random, shape));
            Assert.InRange(mean, shape * 0.96, shape * 1.04);
        }
    }

    [Fact]
    public void ImpossibleSplitsAreRefused()
    {
        Assert.Throws<InvalidOperationException>(() => ClientPartitioner.Dirichlet(Labels(100, 1), 50, 0.05, seed: 1, minimumPerClient: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientPartitioner.Iid(10, 11, 1));
        Assert.Throws<ArgumentException>(() => ClientPartitioner.Dirichlet(Labels(100, 1), 5, 0, 1));
    }
}

using Veil.Federated.SecureAggregation;

namespace Veil.Federated.Orleans.Tests;

/// <summary>Secure aggregation through the cluster: keys and shares through the round grain, masked vectors summed on
/// shard grains of two silos, masks removed on the shards; the result against the plain sum.</summary>
public class SecureClusterAggregationTests
{
    [Theory]
    [InlineData(0)] // the complete graph
    [InlineData(6)] // SecAgg+'s sparse graph
    public async Task TheClusterRecoversThePlainSumOfTheSurvivorsWithClientsDroppingAtEachStep(int degree)
    {
        const int Clients = 12, Length = 2000, Shards = 16; // random placement: all 16 on one silo has probability 2^-15
        await using OrleansCluster cluster = await OrleansCluster.StartAsync(silos: 2);
        var random = new System.Random(11);
        Dictionary<int, uint[]> inputs = Enumerable.Range(0, Clients).ToDictionary(id => id, _ => Enumerable.Range(0, Length).Select(_ => (uint)random.Next()).ToArray());
        var dropouts = new SecAggDropouts(new HashSet<int>(), new HashSet<int> { 2 }, new HashSet<int> { 5 }, new HashSet<int> { 9 });

        SecureSum result = await ClusterSecAgg.RunAsync(cluster.Grains, $"secure-{degree}/1", inputs, degree, Shards, dropouts);

        // Client 9 sent its input before vanishing, so it counts; 2 and 5 never sent one.
        int[] survivors = [.. inputs.Keys.Where(id => id != 2 && id != 5).Order()];
        Assert.Equal(survivors, result.Survivors);
        uint[] expected = new uint[Length];
        foreach (int id in survivors)
        {
            for (int i = 0; i < Length; i++)
            {
                expected[i] += inputs[id][i];
            }
        }

        Assert.Equal(expected, result.Sum);
        Assert.Equal(2, result.Silos.Length);
    }

    [Fact]
    public async Task ARepeatedInputOrOneWithoutSharesIsRefusedAndNotCounted()
    {
        const int Clients = 5, Length = 40;
        await using OrleansCluster cluster = await OrleansCluster.StartAsync(silos: 1);
        ISecureRoundGrain round = cluster.Grains.GetGrain<ISecureRoundGrain>("secure-refusals/1");
        int[] ids = [.. Enumerable.Range(0, Clients)];
        byte[] session = await round.Open(ids, 0, Length, 2);
        var spec = new SecAggRound(session, SecAggGraph.For(ids, 0, SecAggGraph.SeedOf(session)), Length);
        var clients = ids.Select(id => new SecAggClient(id, spec)).ToList();
        try
        {
            foreach (SecAggClient client in clients)
            {
                await round.Advertise(client.Advertise());
            }

            KeyAdvertisement[] advertisements = await round.FinishAdvertising();
            foreach (SecAggClient client in clients.Skip(1))
            {
                await round.ShareKeys(client.ShareKeys(advertisements));
            }

            await round.FinishSharing();
            var inputs = ids.ToDictionary(id => id, id => Enumerable.Repeat((uint)(id + 1), Length).ToArray());
            foreach (SecAggClient client in clients.Skip(1))
            {
                MaskedInputMessage masked = client.MaskInput(await round.SharesFor(client.Id), inputs[client.Id]);
                await round.SubmitMasked(masked.Client, masked.Masked);
            }

            // Client 0 sent no shares; client 1 tries a second input. Both are refused with the reason.
            Assert.Contains("sent no shares", (await Assert.ThrowsAsync<SecAggException>(() => round.SubmitMasked(0, new uint[Length]))).Message, StringComparison.Ordinal);
            Assert.Contains("second input", (await Assert.ThrowsAsync<SecAggException>(() => round.SubmitMasked(1, new uint[Length]))).Message, StringComparison.Ordinal);

            UnmaskRequest request = await round.FinishMasking();
            foreach (SecAggClient client in clients.Skip(1))
            {
                await round.Unmask(client.Unmask(request));
            }

            SecureSum result = await round.Finish();
            Assert.Equal([1, 2, 3, 4], result.Survivors);
            Assert.All(result.Sum, v => Assert.Equal(2u + 3 + 4 + 5, v));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task TooManyDropoutsFailTheRoundInsteadOfReturningAWrongSum()
    {
        const int Clients = 6, Length = 50;
        await using OrleansCluster cluster = await OrleansCluster.StartAsync(silos: 1);
        ISecureRoundGrain round = cluster.Grains.GetGrain<ISecureRoundGrain>("secure-few/1");
        int[] ids = [.. Enumerable.Range(0, Clients)];
        byte[] session = await round.Open(ids, 0, Length, 2);
        var spec = new SecAggRound(session, SecAggGraph.For(ids, 0, SecAggGraph.SeedOf(session)), Length);
        var clients = ids.Select(id => new SecAggClient(id, spec)).ToList();
        try
        {
            foreach (SecAggClient client in clients.Take(3))
            {
                await round.Advertise(client.Advertise());
            }

            // Three of six advertised; the threshold is four.
            SecAggException refused = await Assert.ThrowsAsync<SecAggException>(() => round.FinishAdvertising());
            Assert.Contains("threshold", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}

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
        const int Clients = 12, Length = 2000, Shards = 4;
        await using OrleansCluster cluster = await OrleansCluster.StartAsync(silos: 2);
        ISecureRoundGrain round = cluster.Grains.GetGrain<ISecureRoundGrain>($"secure-{degree}/1");
        int[] ids = [.. Enumerable.Range(0, Clients)];
        byte[] session = await round.Open(ids, degree, Length, Shards);
        var spec = new SecAggRound(session, SecAggGraph.For(ids, degree, SecAggGraph.SeedOf(session)), Length);

        var random = new System.Random(11);
        Dictionary<int, uint[]> inputs = ids.ToDictionary(id => id, _ => Enumerable.Range(0, Length).Select(_ => (uint)random.Next()).ToArray());
        int dropsBeforeSharing = 2, dropsBeforeMasking = 5, dropsBeforeUnmasking = 9;
        var clients = ids.ToDictionary(id => id, id => new SecAggClient(id, spec));
        try
        {
            foreach (SecAggClient client in clients.Values)
            {
                await round.Advertise(client.Advertise());
            }

            KeyAdvertisement[] advertisements = await round.FinishAdvertising();
            foreach (SecAggClient client in clients.Values.Where(c => c.Id != dropsBeforeSharing))
            {
                await round.ShareKeys(client.ShareKeys(advertisements));
            }

            await round.FinishSharing();
            foreach (SecAggClient client in clients.Values.Where(c => c.Id != dropsBeforeSharing && c.Id != dropsBeforeMasking))
            {
                MaskedInputMessage masked = client.MaskInput(await round.SharesFor(client.Id), inputs[client.Id]);
                await round.SubmitMasked(masked.Client, masked.Masked);
            }

            // A second input, or one from a client that sent no shares, is refused and not counted.
            Assert.Contains("second input", (await Assert.ThrowsAnyAsync<Exception>(() => round.SubmitMasked(0, new uint[Length]))).Message, StringComparison.Ordinal);
            Assert.Contains("sent no shares", (await Assert.ThrowsAnyAsync<Exception>(() => round.SubmitMasked(dropsBeforeSharing, new uint[Length]))).Message, StringComparison.Ordinal);

            UnmaskRequest request = await round.FinishMasking();
            foreach (SecAggClient client in clients.Values.Where(c => request.Survivors.Contains(c.Id) && c.Id != dropsBeforeUnmasking))
            {
                await round.Unmask(client.Unmask(request));
            }

            SecureSum result = await round.Finish();
            int[] survivors = [.. ids.Where(id => id != dropsBeforeSharing && id != dropsBeforeMasking)];
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
        finally
        {
            foreach (SecAggClient client in clients.Values)
            {
                client.Dispose();
            }
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
            Exception refused = await Assert.ThrowsAnyAsync<Exception>(() => round.FinishAdvertising());
            Assert.Contains("threshold", refused.Message, StringComparison.Ordinal);
            Assert.Equal(nameof(SecAggException), refused.GetType().Name);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}

namespace Veil.Federated.Orleans;

/// <summary>The round grain: routing and gathering; it holds no update itself.</summary>
/// <remarks>Thread-safety: Orleans runs one call at a time per activation.</remarks>
internal sealed class RoundGrain : Grain, IRoundGrain
{
    public Task Submit(int client, float[] update, double weight, int shards) =>
        Shard(Math.Abs(client % shards)).Add(client, update, weight);

    public async Task<PartialSum> Close(int shards)
    {
        PartialSum[] parts = await Task.WhenAll(Enumerable.Range(0, shards).Select(s => Shard(s).Peek())).ConfigureAwait(true);
        return Combine(parts);
    }

    public Task Discard(int shards) => Task.WhenAll(Enumerable.Range(0, shards).Select(s => Shard(s).Clear()));

    internal static PartialSum Combine(IReadOnlyList<PartialSum> parts)
    {
        int length = parts.Max(p => p.Sum.Length);
        float[] sum = new float[length];
        foreach (PartialSum part in parts)
        {
            for (int i = 0; i < part.Sum.Length; i++)
            {
                sum[i] += part.Sum[i];
            }
        }

        return new PartialSum(sum, parts.Sum(p => p.Weight), parts.Sum(p => p.Count), [.. parts.SelectMany(p => p.Silos).Distinct().Order()]);
    }

    private IAggregationShardGrain Shard(int shard) => GrainFactory.GetGrain<IAggregationShardGrain>($"{this.GetPrimaryKeyString()}/{shard}");
}

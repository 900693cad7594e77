using Orleans.Placement;
using Orleans.Runtime;

namespace Veil.Federated.Orleans;

/// <summary>The shard grain: a running sum, each client counted once, written to grain storage before an update is
/// acknowledged (so an accepted update survives the silo).</summary>
/// <remarks>Thread-safety: Orleans runs one call at a time per activation.</remarks>
[RandomPlacement]
internal sealed class AggregationShardGrain(
    ILocalSiloDetails silo,
    [PersistentState("shard", OrleansCluster.StorageName)] IPersistentState<ShardState> state) : DurableGrain, IAggregationShardGrain
{
    public async Task Add(int client, float[] update, double weight)
    {
        ArgumentNullException.ThrowIfNull(update);
        ShardState shard = state.State;
        if (shard.Clients.Contains(client))
        {
            throw new ArgumentException($"client {client} already sent its update to this round");
        }

        if (shard.Sum is not null && update.Length != shard.Sum.Length)
        {
            throw new ArgumentException($"client {client}'s update has {update.Length} values, not {shard.Sum.Length}");
        }

        shard.Sum ??= new float[update.Length];
        for (int i = 0; i < update.Length; i++)
        {
            shard.Sum[i] += update[i];
        }

        shard.Weight += weight;
        shard.Clients.Add(client);
        await WriteOrReload(state).ConfigureAwait(true);
    }

    public Task<PartialSum> Peek()
    {
        ShardState shard = state.State;
        return Task.FromResult(new PartialSum(shard.Sum is null ? [] : [.. shard.Sum], shard.Weight, shard.Clients.Count, [silo.SiloAddress.ToString()]));
    }

    public async Task Clear()
    {
        await state.ClearStateAsync().ConfigureAwait(true);
        DeactivateOnIdle();
    }

}

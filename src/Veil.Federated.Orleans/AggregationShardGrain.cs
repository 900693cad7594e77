using Orleans.Placement;
using Orleans.Runtime;

namespace Veil.Federated.Orleans;

/// <summary>The shard grain: a running sum in memory, each client counted once.</summary>
/// <remarks>Thread-safety: Orleans runs one call at a time per activation.</remarks>
[RandomPlacement]
internal sealed class AggregationShardGrain(ILocalSiloDetails silo) : Grain, IAggregationShardGrain
{
    private readonly HashSet<int> _clients = [];
    private float[]? _sum;
    private double _weight;

    public Task Add(int client, float[] update, double weight)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!_clients.Add(client))
        {
            throw new ArgumentException($"client {client} already sent its update to this round");
        }

        _sum ??= new float[update.Length];
        if (update.Length != _sum.Length)
        {
            _clients.Remove(client);
            throw new ArgumentException($"client {client}'s update has {update.Length} values, not {_sum.Length}");
        }

        for (int i = 0; i < update.Length; i++)
        {
            _sum[i] += update[i];
        }

        _weight += weight;
        return Task.CompletedTask;
    }

    public Task<PartialSum> Take()
    {
        var result = new PartialSum(_sum ?? [], _weight, _clients.Count, [silo.SiloAddress.ToString()]);
        _sum = null;
        _weight = 0;
        _clients.Clear();
        DeactivateOnIdle();
        return Task.FromResult(result);
    }
}

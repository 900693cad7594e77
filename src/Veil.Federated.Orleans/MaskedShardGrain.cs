using Orleans.Placement;
using Orleans.Runtime;
using Veil.Federated.SecureAggregation;

namespace Veil.Federated.Orleans;

/// <summary>The masked shard grain: a running sum modulo 2^32 in memory, each client counted once.</summary>
/// <remarks>Thread-safety: Orleans runs one call at a time per activation.</remarks>
[RandomPlacement]
internal sealed class MaskedShardGrain(ILocalSiloDetails silo) : Grain, IMaskedShardGrain
{
    private readonly HashSet<int> _clients = [];
    private uint[]? _sum;

    public Task Add(int client, uint[] masked)
    {
        ArgumentNullException.ThrowIfNull(masked);
        if (_clients.Contains(client))
        {
            throw new ArgumentException($"client {client} already sent its masked input to this round");
        }

        if (_sum is not null && masked.Length != _sum.Length)
        {
            throw new ArgumentException($"client {client}'s masked input has {masked.Length} values, not {_sum.Length}");
        }

        _sum ??= new uint[masked.Length];
        for (int i = 0; i < masked.Length; i++)
        {
            _sum[i] += masked[i];
        }

        _clients.Add(client);
        return Task.CompletedTask;
    }

    public Task RemoveMasks(MaskRemoval[] removals, int length)
    {
        ArgumentNullException.ThrowIfNull(removals);
        if (removals.Length == 0)
        {
            return Task.CompletedTask;
        }

        _sum ??= new uint[length];
        var scratch = new uint[_sum.Length];
        foreach (MaskRemoval removal in removals)
        {
            removal.ApplyTo(_sum, scratch);
        }

        return Task.CompletedTask;
    }

    public Task<PartialSecureSum> Take()
    {
        var result = new PartialSecureSum(_sum ?? [], _clients.Count, silo.SiloAddress.ToString());
        _sum = null;
        _clients.Clear();
        DeactivateOnIdle();
        return Task.FromResult(result);
    }
}

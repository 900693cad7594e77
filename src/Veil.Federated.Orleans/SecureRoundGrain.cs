using System.Diagnostics;
using System.Security.Cryptography;
using Veil.Federated.SecureAggregation;

namespace Veil.Federated.Orleans;

/// <summary>The secure round grain: the server's state machine in memory, masked vectors routed to shards.</summary>
/// <remarks>Thread-safety: Orleans runs one call at a time per activation.</remarks>
internal sealed class SecureRoundGrain : Grain, ISecureRoundGrain
{
    private SecAggServer? _server;
    private int _shards, _length;

    private SecAggServer Server => _server ?? throw new SecAggException($"secure round {this.GetPrimaryKeyString()} is not open");

    public Task<byte[]> Open(int[] clients, int degree, int vectorLength, int shards)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        if (_server is not null)
        {
            throw new InvalidOperationException($"secure round {this.GetPrimaryKeyString()} is already open");
        }

        byte[] session = RandomNumberGenerator.GetBytes(32);
        var round = new SecAggRound(session, SecAggGraph.For(clients, degree, SecAggGraph.SeedOf(session)), vectorLength);
        _server = new SecAggServer(round);
        (_shards, _length) = (shards, vectorLength);
        return Task.FromResult(session);
    }

    public Task Advertise(KeyAdvertisement message)
    {
        Server.Receive(message);
        return Task.CompletedTask;
    }

    public Task<KeyAdvertisement[]> FinishAdvertising() => Task.FromResult(Server.FinishAdvertising().ToArray());

    public Task ShareKeys(ShareKeysMessage message)
    {
        Server.Receive(message);
        return Task.CompletedTask;
    }

    public Task FinishSharing()
    {
        Server.FinishSharing();
        return Task.CompletedTask;
    }

    public Task<EncryptedShare[]> SharesFor(int client) => Task.FromResult(Server.SharesFor(client).ToArray());

    public async Task SubmitMasked(int client, uint[] masked)
    {
        ArgumentNullException.ThrowIfNull(masked);
        Server.CheckMaskedInput(client, masked.Length);
        await Shard(client).Add(client, masked).ConfigureAwait(true);
        Server.CountMaskedInput(client, masked.Length);
    }

    public Task<UnmaskRequest> FinishMasking() => Task.FromResult(Server.FinishMasking());

    public Task Unmask(UnmaskMessage message)
    {
        Server.Receive(message);
        return Task.CompletedTask;
    }

    public async Task<SecureSum> Finish()
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<MaskRemoval> removals = Server.MaskRemovals();
        await Task.WhenAll(Enumerable.Range(0, _shards).Select(s =>
            ShardAt(s).RemoveMasks([.. removals.Where((_, i) => i % _shards == s)], _length))).ConfigureAwait(true);
        PartialSecureSum[] parts = await Task.WhenAll(Enumerable.Range(0, _shards).Select(s => ShardAt(s).Take())).ConfigureAwait(true);
        uint[] sum = new uint[_length];
        foreach (PartialSecureSum part in parts)
        {
            for (int i = 0; i < part.Sum.Length; i++)
            {
                sum[i] += part.Sum[i];
            }
        }

        int[] survivors = [.. Server.Survivors.Order()];
        _server = null;
        DeactivateOnIdle();
        return new SecureSum(sum, survivors, [.. parts.Where(p => p.Sum.Length > 0).Select(p => p.Silo).Distinct().Order()], clock.Elapsed.TotalSeconds);
    }

    private IMaskedShardGrain Shard(int client) => ShardAt(Math.Abs(client % _shards));

    private IMaskedShardGrain ShardAt(int shard) => GrainFactory.GetGrain<IMaskedShardGrain>($"{this.GetPrimaryKeyString()}/secure/{shard}");
}

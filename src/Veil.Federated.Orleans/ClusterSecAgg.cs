using Veil.Federated.SecureAggregation;

namespace Veil.Federated.Orleans;

/// <summary>
/// Drives a whole secure-aggregation round through a cluster's <see cref="ISecureRoundGrain"/>, playing every client
/// in this process with clients dropping as <see cref="SecAggDropouts"/> says: the Orleans counterpart of
/// <see cref="InProcessSecAgg"/>, for tests and the benchmark. A deployment's clients call the same grain methods
/// through a gateway.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class ClusterSecAgg
{
    /// <summary>Runs round <paramref name="key"/> over <paramref name="inputs"/> (one vector per client, all of one
    /// length) with SecAgg+'s graph of <paramref name="degree"/> (0: complete) and <paramref name="shards"/> shards.</summary>
    /// <exception cref="SecAggException">Too many clients dropped to finish, or a message was refused.</exception>
    /// <exception cref="ArgumentException">No inputs, or their lengths differ.</exception>
    public static async Task<SecureSum> RunAsync(IGrainFactory grains, string key, IReadOnlyDictionary<int, uint[]> inputs, int degree, int shards, SecAggDropouts? dropouts = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(inputs);
        Guard.IsTrue(inputs.Count > 0, nameof(inputs), "must hold at least one client's vector");
        int length = inputs.Values.First().Length;
        Guard.IsTrue(inputs.Values.All(v => v.Length == length), nameof(inputs), "must all have one length");
        dropouts ??= SecAggDropouts.None;
        int[] ids = [.. inputs.Keys.Order()];
        ISecureRoundGrain round = grains.GetGrain<ISecureRoundGrain>(key);
        byte[] session = await round.Open(ids, degree, length, shards).ConfigureAwait(false);
        var spec = new SecAggRound(session, SecAggGraph.For(ids, degree, SecAggGraph.SeedOf(session)), length);
        var clients = ids.Where(id => !dropouts.BeforeAdvertising.Contains(id)).ToDictionary(id => id, id => new SecAggClient(id, spec));
        try
        {
            foreach (SecAggClient client in clients.Values)
            {
                await round.Advertise(client.Advertise()).ConfigureAwait(false);
            }

            KeyAdvertisement[] advertisements = await round.FinishAdvertising().ConfigureAwait(false);
            foreach (SecAggClient client in Active(clients, dropouts.BeforeSharing))
            {
                await round.ShareKeys(client.ShareKeys(advertisements)).ConfigureAwait(false);
            }

            await round.FinishSharing().ConfigureAwait(false);
            foreach (SecAggClient client in Active(clients, dropouts.BeforeSharing, dropouts.BeforeMasking))
            {
                EncryptedShare[] shares = await round.SharesFor(client.Id).ConfigureAwait(false);
                MaskedInputMessage masked = client.MaskInput(shares, inputs[client.Id]);
                await round.SubmitMasked(masked.Client, masked.Masked).ConfigureAwait(false);
            }

            UnmaskRequest request = await round.FinishMasking().ConfigureAwait(false);
            foreach (SecAggClient client in Active(clients, dropouts.BeforeSharing, dropouts.BeforeMasking, dropouts.BeforeUnmasking))
            {
                await round.Unmask(client.Unmask(request)).ConfigureAwait(false);
            }

            return await round.Finish().ConfigureAwait(false);
        }
        finally
        {
            foreach (SecAggClient client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    private static IEnumerable<SecAggClient> Active(Dictionary<int, SecAggClient> clients, params IReadOnlySet<int>[] gone) =>
        clients.Values.Where(c => !gone.Any(g => g.Contains(c.Id)));
}

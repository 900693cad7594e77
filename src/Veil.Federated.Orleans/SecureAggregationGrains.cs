using Veil.Federated.SecureAggregation;

namespace Veil.Federated.Orleans;

/// <summary>
/// A secure-aggregation round (Bonawitz et al., with SecAgg+'s graph as an option) on the cluster. The small
/// messages (keys, encrypted shares, unmasking shares) go through this grain, which runs the server's state machine
/// (<see cref="SecAggServer"/>); each masked vector goes to an aggregation shard (client mod shards), so the bulk of
/// the round, and the expansion of the masks removed at the end, spread over the silos. Key: "federation/round".
/// The round's state is not persisted: a round interrupted by a silo failure runs again, as in the networked service.
/// </summary>
public interface ISecureRoundGrain : IGrainWithStringKey
{
    /// <summary>Opens the round over <paramref name="clients"/> with vectors of <paramref name="vectorLength"/> ring
    /// elements; returns the fresh session id, from which every party builds the graph
    /// (<see cref="SecAggGraph.For"/> with <see cref="SecAggGraph.SeedOf"/>).</summary>
    /// <exception cref="ArgumentException">Fewer than 3 clients, a repeated id, an invalid degree, length or shard count.</exception>
    /// <exception cref="InvalidOperationException">The round is already open.</exception>
    Task<byte[]> Open(int[] clients, int degree, int vectorLength, int shards);

    /// <summary>Step 0: a client's public keys.</summary>
    /// <exception cref="SecAggException">Refused (see <see cref="SecAggServer.Receive(KeyAdvertisement)"/>).</exception>
    Task Advertise(KeyAdvertisement message);

    /// <summary>Closes step 0: the advertisements every client needs.</summary>
    /// <exception cref="SecAggException">Fewer clients than the threshold advertised.</exception>
    Task<KeyAdvertisement[]> FinishAdvertising();

    /// <summary>Step 1: a client's encrypted shares.</summary>
    /// <exception cref="SecAggException">Refused (see <see cref="SecAggServer.Receive(ShareKeysMessage)"/>).</exception>
    Task ShareKeys(ShareKeysMessage message);

    /// <summary>Closes step 1.</summary>
    /// <exception cref="SecAggException">Fewer clients than the threshold sent shares.</exception>
    Task FinishSharing();

    /// <summary>The encrypted shares addressed to <paramref name="client"/>.</summary>
    /// <exception cref="SecAggException">Sharing is not closed.</exception>
    Task<EncryptedShare[]> SharesFor(int client);

    /// <summary>Step 2: a client's masked vector, checked here and summed on its shard; counted only once the shard
    /// holds it.</summary>
    /// <exception cref="SecAggException">Out of order, the client sent no shares or repeats, or the length is wrong.</exception>
    Task SubmitMasked(int client, uint[] masked);

    /// <summary>Closes step 2: who is in the sum and who dropped.</summary>
    /// <exception cref="SecAggException">Fewer clients than the threshold sent inputs.</exception>
    Task<UnmaskRequest> FinishMasking();

    /// <summary>Step 3: a survivor's unmasking shares.</summary>
    /// <exception cref="SecAggException">Refused (see <see cref="SecAggServer.Receive(UnmaskMessage)"/>).</exception>
    Task Unmask(UnmaskMessage message);

    /// <summary>Rebuilds the secrets, has the shards remove the masks from their partial sums in parallel, and returns
    /// the sum of the survivors' inputs modulo 2^32.</summary>
    /// <exception cref="SecAggException">Too few shares to rebuild a secret, or one does not match its commitment.</exception>
    Task<SecureSum> Finish();
}

/// <summary>A shard of a secure round: the sum modulo 2^32 of the masked vectors routed to it. Key:
/// "federation/round/secure/shard".</summary>
public interface IMaskedShardGrain : IGrainWithStringKey
{
    /// <summary>Adds a client's masked vector.</summary>
    /// <exception cref="ArgumentException">The client already sent one, or the length differs.</exception>
    Task Add(int client, uint[] masked);

    /// <summary>Applies mask removals to the partial sum (a vector of <paramref name="length"/> zeros if no client was
    /// routed here).</summary>
    Task RemoveMasks(MaskRemoval[] removals, int length);

    /// <summary>The partial sum; the shard then forgets it.</summary>
    Task<PartialSecureSum> Take();
}

/// <summary>A shard's partial sum of masked vectors modulo 2^32, how many it holds, and the silo that held it.</summary>
/// <param name="Sum">The partial sum (empty when the shard held nothing and removed nothing).</param>
/// <param name="Count">The masked vectors in it.</param>
/// <param name="Silo">The silo that held the shard.</param>
[GenerateSerializer]
[Immutable]
public sealed record PartialSecureSum([property: Id(0)] uint[] Sum, [property: Id(1)] int Count, [property: Id(2)] string Silo);

/// <summary>The result of a secure round on the cluster.</summary>
/// <param name="Sum">The sum of the survivors' inputs modulo 2^32.</param>
/// <param name="Survivors">The clients whose inputs are in it, in order.</param>
/// <param name="Silos">The silos whose shards took part.</param>
/// <param name="ServerSeconds">The time of <see cref="ISecureRoundGrain.Finish"/>: rebuilding the secrets and
/// removing the masks on the shards.</param>
[GenerateSerializer]
[Immutable]
public sealed record SecureSum([property: Id(0)] uint[] Sum, [property: Id(1)] int[] Survivors, [property: Id(2)] string[] Silos, [property: Id(3)] double ServerSeconds);

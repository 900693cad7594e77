namespace Veil.Federated.Orleans;

/// <summary>One shard of a round's aggregate: it sums the updates of the clients routed to it. Key:
/// "federation/round/shard".</summary>
public interface IAggregationShardGrain : IGrainWithStringKey
{
    /// <summary>Adds a client's pre-weighted update.</summary>
    /// <exception cref="ArgumentException">The client already sent one, or the length differs from the shard's.</exception>
    Task Add(int client, float[] update, double weight);

    /// <summary>The shard's sum so far (the state is kept until <see cref="Clear"/>).</summary>
    Task<PartialSum> Peek();

    /// <summary>Forgets the shard's state, in memory and in storage.</summary>
    Task Clear();
}

/// <summary>A round: routes each client's update to a shard (client mod shards) and, at the end, gathers the shards'
/// sums in parallel. Key: "federation/round".</summary>
public interface IRoundGrain : IGrainWithStringKey
{
    /// <summary>Routes <paramref name="client"/>'s update to its shard.</summary>
    /// <exception cref="ArgumentException">The update is refused by its shard.</exception>
    Task Submit(int client, float[] update, double weight, int shards);

    /// <summary>Sums every shard of the round (<paramref name="shards"/> of them), leaving their state in place.</summary>
    Task<PartialSum> Close(int shards);

    /// <summary>Clears every shard of the round, once the coordinator has stored the round's result.</summary>
    Task Discard(int shards);
}

/// <summary>
/// A federation's coordinator as a grain: the global weights and the open round. Clients (or the gateway serving them)
/// submit updates; closing a round adds the example-weighted mean to the weights. Key: the federation's name.
/// </summary>
public interface ICoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Starts the federation with its initial weights and the number of aggregation shards per round.</summary>
    /// <exception cref="InvalidOperationException">The federation has already started (its state is in storage).</exception>
    Task Start(float[] weights, int shards);

    /// <summary>The open round and the global weights.</summary>
    Task<(int Round, float[] Weights)> Current();

    /// <summary>Accepts a client's pre-weighted update for the open round.</summary>
    /// <exception cref="ArgumentException">Another round, or the shard refuses it.</exception>
    Task Submit(int client, int round, float[] update, double weight);

    /// <summary>Closes the open round: the weighted mean of its updates is added to the weights, and the next round
    /// opens. A close that fails part way can be repeated: the shards are cleared only after the result is stored.</summary>
    Task<PartialSum> CloseRound();
}

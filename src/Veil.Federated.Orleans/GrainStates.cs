namespace Veil.Federated.Orleans;

/// <summary>What the coordinator grain persists: the global weights, the open round and the shard count.</summary>
/// <remarks>Thread-safety: owned by one activation.</remarks>
[GenerateSerializer]
internal sealed class CoordinatorState
{
    [Id(0)] public float[] Weights { get; set; } = [];

    [Id(1)] public int Round { get; set; } = 1;

    [Id(2)] public int Shards { get; set; } = 1;
}

/// <summary>What a shard grain persists: the clients it counted, their pre-weighted sum and total weight.</summary>
/// <remarks>Thread-safety: owned by one activation.</remarks>
[GenerateSerializer]
internal sealed class ShardState
{
    [Id(0)] public HashSet<int> Clients { get; set; } = [];

    [Id(1)] public float[]? Sum { get; set; }

    [Id(2)] public double Weight { get; set; }
}

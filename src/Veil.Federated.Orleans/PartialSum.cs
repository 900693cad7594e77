namespace Veil.Federated.Orleans;

/// <summary>A shard's (or a round's) share of the aggregate: the sum of the updates it holds, their total weight and
/// count, and the silo that summed them.</summary>
/// <param name="Sum">Σ weight · update (the clients send them pre-weighted).</param>
/// <param name="Weight">Σ weight.</param>
/// <param name="Count">How many updates.</param>
/// <param name="Silos">The silos that held the shards summed.</param>
[GenerateSerializer]
[Immutable]
public sealed record PartialSum(
    [property: Id(0)] float[] Sum,
    [property: Id(1)] double Weight,
    [property: Id(2)] int Count,
    [property: Id(3)] string[] Silos);

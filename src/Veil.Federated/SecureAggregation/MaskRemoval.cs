namespace Veil.Federated.SecureAggregation;

/// <summary>
/// One mask the server removes from the sum of masked inputs: a 32-byte seed whose expansion is subtracted (a
/// survivor's self mask, or a pairwise mask the survivor added) or added back. Removals are linear, so they may be
/// applied in any order, and each to any part of a sum that is later added up (an aggregation shard's partial sum).
/// The seed is a secret of the server's side: it stays within the server's own processes.
/// </summary>
/// <param name="Seed">The mask's seed.</param>
/// <param name="Subtract">Whether the expansion is subtracted (else added).</param>
/// <remarks>Thread-safety: immutable; <see cref="ApplyTo"/> touches only its arguments.</remarks>
public sealed record MaskRemoval(byte[] Seed, bool Subtract)
{
    /// <summary>Applies the removal to <paramref name="sum"/> in place, modulo 2^32.</summary>
    /// <param name="sum">A sum (or partial sum) of masked inputs.</param>
    /// <param name="scratch">Space of at least the sum's length, or empty to allocate.</param>
    public void ApplyTo(Span<uint> sum, Span<uint> scratch) => MaskExpansion.Apply(Seed, sum, Subtract, scratch);
}

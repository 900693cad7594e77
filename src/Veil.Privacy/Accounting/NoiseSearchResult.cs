namespace Veil.Privacy.Accounting;

/// <summary>The noise multiplier found by <see cref="NoiseMultiplierSearch"/> and the epsilon it gives.</summary>
/// <param name="NoiseMultiplier">The smallest noise multiplier found whose epsilon is at most the target.</param>
/// <param name="Epsilon">Its epsilon: in [target - tolerance, target].</param>
/// <param name="Evaluations">How many times the accountant was asked.</param>
public sealed record NoiseSearchResult(double NoiseMultiplier, double Epsilon, int Evaluations);

namespace Veil.Privacy.DpSgd;

/// <summary>What one batch of DP-SGD saw. These figures are computed on the private training data and are NOT covered
/// by the privacy guarantee: they are for the operator's eyes (progress, tuning), not for release.</summary>
/// <param name="Examples">Examples in the (Poisson) batch.</param>
/// <param name="LossSum">The sum of their losses (softmax cross-entropy), before the update.</param>
/// <param name="Correct">How many were classified correctly, before the update.</param>
/// <param name="Clipped">How many had a gradient scaled down by clipping (at least one layer, for per-layer clipping).</param>
public readonly record struct BatchStatistics(int Examples, double LossSum, int Correct, int Clipped)
{
    /// <summary>The sum of two batches' statistics.</summary>
    public static BatchStatistics operator +(BatchStatistics a, BatchStatistics b) =>
        new(a.Examples + b.Examples, a.LossSum + b.LossSum, a.Correct + b.Correct, a.Clipped + b.Clipped);
}

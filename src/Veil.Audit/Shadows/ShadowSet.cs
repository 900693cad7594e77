using Veil.Audit.Attacks;

namespace Veil.Audit.Shadows;

/// <summary>
/// The outputs of K models trained on random halves of a pool: for each model, which pool points it trained on, and
/// its outputs on the pool and on population points that no model trained on.
/// </summary>
/// <remarks>Thread-safety: immutable by convention.</remarks>
public sealed class ShadowSet
{
    /// <summary>Collects the models' outputs.</summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public ShadowSet(IReadOnlyList<bool[]> isIn, IReadOnlyList<ModelOutputs> pool, IReadOnlyList<ModelOutputs> population)
    {
        ArgumentNullException.ThrowIfNull(isIn);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(population);
        Guard.IsTrue(isIn.Count > 0 && pool.Count == isIn.Count && population.Count == isIn.Count, nameof(pool), "needs one entry per model in each list");
        IsIn = isIn;
        Pool = pool;
        Population = population;
    }

    /// <summary>Number of models.</summary>
    public int Models => IsIn.Count;

    /// <summary>Whether each model trained on each pool point.</summary>
    public IReadOnlyList<bool[]> IsIn { get; }

    /// <summary>Each model's outputs on the pool.</summary>
    public IReadOnlyList<ModelOutputs> Pool { get; }

    /// <summary>Each model's outputs on the population points.</summary>
    public IReadOnlyList<ModelOutputs> Population { get; }

    /// <summary>The logit-scaled confidences of the pool, for LiRA.</summary>
    public ReferenceScores Confidences() => new([.. Pool.Select(o => o.Confidence)], IsIn);

    /// <summary>The true-label probabilities of the pool, for RMIA.</summary>
    public ReferenceScores Probabilities() => new([.. Pool.Select(o => o.Probability)], IsIn);

    /// <summary>This set without model <paramref name="model"/> (e.g. the one audited as the target).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="model"/> is not a model of the set, or it is the only one.</exception>
    public ShadowSet Without(int model)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(model);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(model, Models);
        ArgumentOutOfRangeException.ThrowIfLessThan(Models, 2, nameof(model));
        return new ShadowSet(
            [.. IsIn.Where((_, k) => k != model)], [.. Pool.Where((_, k) => k != model)], [.. Population.Where((_, k) => k != model)]);
    }
}

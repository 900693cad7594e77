namespace Veil.Audit.Attacks;

/// <summary>
/// The robust membership-inference attack (RMIA) of Zarifzadeh et al. (2024). With p(x | θ) the probability the
/// target model gives point x's true label and Pr(x) its average over reference models, the likelihood ratio of x is
/// LR(x) = p(x | θ) / Pr(x). RMIA compares x pairwise against population points z (never trained on by the target or
/// the references): the score of x is the fraction of z with LR(x) / LR(z) ≥ γ. Offline (OUT reference models only),
/// Pr(x) is approximated as ½((1 + a) Pr_OUT(x) + (1 − a)), which corrects for the OUT models under-estimating it.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class Rmia
{
    /// <summary>RMIA scores of the targets (higher = member), in [0, 1].</summary>
    /// <param name="target">p(x | θ) of each target point under the target model.</param>
    /// <param name="references">p(x | θ_k) of each target point under each reference model, with membership.</param>
    /// <param name="populationTarget">p(z | θ) of each population point under the target model.</param>
    /// <param name="populationReferences">p(z | θ_k) of each population point (rows: the same reference models).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">Counts differ, there is no population point, or (offline) a target has no OUT model.</exception>
    public static double[] Score(
        ReadOnlySpan<double> target, ReferenceScores references, ReadOnlySpan<double> populationTarget,
        IReadOnlyList<double[]> populationReferences, RmiaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(populationReferences);
        options ??= new RmiaOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Gamma);
        Guard.IsTrue(references.Points == target.Length, nameof(references), $"hold {references.Points} points; the target has {target.Length}");
        Guard.IsTrue(populationTarget.Length > 0, nameof(populationTarget), "holds no population point");
        Guard.IsTrue(populationReferences.Count == references.Models, nameof(populationReferences), $"holds {populationReferences.Count} models; expected {references.Models}");
        int zCount = populationTarget.Length;
        double[] zRatios = new double[zCount];
        for (int j = 0; j < zCount; j++)
        {
            double sum = 0;
            for (int k = 0; k < references.Models; k++)
            {
                Guard.IsTrue(populationReferences[k].Length == zCount, nameof(populationReferences), $"model {k} does not hold {zCount} points");
                sum += populationReferences[k][j];
            }

            double marginal = Marginal(sum / references.Models, options);
            zRatios[j] = populationTarget[j] / marginal;
        }

        Array.Sort(zRatios);
        double[] scores = new double[target.Length];
        for (int i = 0; i < target.Length; i++)
        {
            double sum = 0;
            int count = 0;
            for (int k = 0; k < references.Models; k++)
            {
                if (!options.Offline || !references.IsIn[k][i])
                {
                    sum += references.Values[k][i];
                    count++;
                }
            }

            Guard.IsTrue(count > 0, nameof(references), $"target {i} has no OUT reference model");
            double ratio = target[i] / Marginal(sum / count, options);

            // Count z with LR(x) / LR(z) >= gamma, i.e. LR(z) <= LR(x) / gamma.
            scores[i] = (double)UpperBound(zRatios, ratio / options.Gamma) / zCount;
        }

        return scores;
    }

    private static double Marginal(double mean, RmiaOptions options)
    {
        double pr = options.Offline ? 0.5 * (((1 + options.OfflineA) * mean) + (1 - options.OfflineA)) : mean;
        return Math.Max(pr, 1e-30);
    }

    // The number of sorted values at most x.
    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

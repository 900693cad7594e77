using Veil.Audit.Statistics;

namespace Veil.Audit.Dp;

/// <summary>
/// The multi-run audit of Jagielski, Ullman and Oprea (2020): train many times with a canary (D′) and many times
/// without it (D), score the canary each time, and call "with" when the score reaches a threshold t. For an (ε, δ)-DP
/// training, every test satisfies FPR·e^ε + FNR ≥ 1 − δ and FNR·e^ε + FPR ≥ 1 − δ, so with Clopper-Pearson upper
/// bounds FPR_hi and FNR_hi, ε ≥ max(log((1 − δ − FNR_hi) / FPR_hi), log((1 − δ − FPR_hi) / FNR_hi)).
/// The threshold is chosen on one half of the runs and the bound computed on the other, so choosing it does not bias
/// the bound; each rate's bound holds at 1 − α/2, so both hold together at 1 − α.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class MultiRunAudit
{
    /// <summary>The empirical ε lower bound at <paramref name="confidence"/> for a threshold chosen beforehand.</summary>
    /// <exception cref="ArgumentException">A sample is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">delta is outside [0, 1) or confidence outside (0, 1).</exception>
    public static double EpsilonLowerBound(ReadOnlySpan<double> withCanary, ReadOnlySpan<double> withoutCanary, double threshold, double delta, double confidence = 0.95)
    {
        Guard.IsTrue(withCanary.Length > 0 && withoutCanary.Length > 0, nameof(withCanary), "both samples need at least one run");
        ArgumentOutOfRangeException.ThrowIfNegative(delta);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(delta, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(confidence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(confidence, 1);
        double alpha = (1 - confidence) / 2;
        int falseNegatives = 0, falsePositives = 0;
        foreach (double s in withCanary)
        {
            falseNegatives += s < threshold ? 1 : 0;
        }

        foreach (double s in withoutCanary)
        {
            falsePositives += s >= threshold ? 1 : 0;
        }

        double fnr = Binomial.ClopperPearsonUpper(falseNegatives, withCanary.Length, alpha);
        double fpr = Binomial.ClopperPearsonUpper(falsePositives, withoutCanary.Length, alpha);
        return Math.Max(0, Math.Max(Bound(1 - delta - fnr, fpr), Bound(1 - delta - fpr, fnr)));
    }

    /// <summary>Chooses the threshold on the first half of each sample (the one maximising the bound there) and
    /// returns the bound on the second half, with the threshold.</summary>
    /// <exception cref="ArgumentException">A sample has fewer than two runs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">delta is outside [0, 1) or confidence outside (0, 1).</exception>
    public static (double Epsilon, double Threshold) EpsilonLowerBound(ReadOnlySpan<double> withCanary, ReadOnlySpan<double> withoutCanary, double delta, double confidence = 0.95)
    {
        Guard.IsTrue(withCanary.Length >= 2 && withoutCanary.Length >= 2, nameof(withCanary), "both samples need at least two runs");
        int hw = withCanary.Length / 2, ho = withoutCanary.Length / 2;
        ReadOnlySpan<double> fitWith = withCanary[..hw], fitWithout = withoutCanary[..ho];
        double bestThreshold = double.PositiveInfinity, best = -1;
        var candidates = new SortedSet<double>();
        foreach (double s in fitWith)
        {
            candidates.Add(s);
        }

        foreach (double s in fitWithout)
        {
            candidates.Add(s);
        }

        // At most about 256 candidate thresholds, evenly spread over the distinct scores.
        double[] distinct = [.. candidates];
        int stride = Math.Max(1, distinct.Length / 256);
        for (int c = 0; c < distinct.Length; c += stride)
        {
            double t = distinct[c];
            double e = EpsilonLowerBound(fitWith, fitWithout, t, delta, confidence);
            if (e > best)
            {
                best = e;
                bestThreshold = t;
            }
        }

        double epsilon = EpsilonLowerBound(withCanary[hw..], withoutCanary[ho..], bestThreshold, delta, confidence);
        return (epsilon, bestThreshold);
    }

    private static double Bound(double numerator, double denominator)
    {
        if (numerator <= 0)
        {
            return 0;
        }

        return denominator <= 0 ? double.PositiveInfinity : Math.Log(numerator / denominator);
    }
}

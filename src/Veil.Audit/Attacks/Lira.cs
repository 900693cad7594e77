namespace Veil.Audit.Attacks;

/// <summary>
/// The likelihood-ratio attack (LiRA) of Carlini et al. (2022). For each target point, the logit-scaled confidence
/// φ = log(p / (1 − p)) of its true label is nearly Gaussian over models trained with it (IN) and over models trained
/// without it (OUT). LiRA fits both Gaussians from shadow models, per point, and scores the target model's φ:
/// <list type="bullet">
/// <item><b>online</b>: log N(φ; μ_in, σ_in²) − log N(φ; μ_out, σ_out²), the log likelihood ratio of IN over OUT;</item>
/// <item><b>offline</b>: (φ − μ_out) / σ_out, a one-sided test that φ is larger than the OUT models make it (monotone
/// in 1 − P[Z &gt; φ], Z ~ N(μ_out, σ_out²)), needing no model trained on the targets.</item>
/// </list>
/// Where a point has too few IN (or OUT) shadows for its own fit, its mean is the other side's mean shifted by the
/// average IN−OUT gap over all points, and its variance is the pooled one.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class Lira
{
    /// <summary>Online LiRA scores of the targets (higher = member).</summary>
    /// <param name="target">φ of each point under the target model.</param>
    /// <param name="shadows">φ of each point under each shadow model, with membership.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">The point counts differ, or no point has both an IN and an OUT shadow.</exception>
    public static double[] Online(ReadOnlySpan<double> target, ReferenceScores shadows, LiraOptions? options = null)
    {
        GaussianFits fits = GaussianFits.Fit(target.Length, shadows, options ?? new LiraOptions());
        double[] scores = new double[target.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = Statistics.Normal.LogPdf(target[i], fits.MeanIn[i], fits.SdIn[i])
                - Statistics.Normal.LogPdf(target[i], fits.MeanOut[i], fits.SdOut[i]);
        }

        return scores;
    }

    /// <summary>Offline LiRA scores of the targets (higher = member), from the OUT shadows only; IN shadows are ignored.</summary>
    /// <param name="target">φ of each point under the target model.</param>
    /// <param name="shadows">φ of each point under each shadow model, with membership.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">The point counts differ, or no point has an OUT shadow.</exception>
    public static double[] Offline(ReadOnlySpan<double> target, ReferenceScores shadows, LiraOptions? options = null)
    {
        GaussianFits fits = GaussianFits.FitOut(target.Length, shadows, options ?? new LiraOptions());
        double[] scores = new double[target.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = (target[i] - fits.MeanOut[i]) / fits.SdOut[i];
        }

        return scores;
    }

    /// <summary>φ = log(p / (1 − p)) of the true label from a model's logits, computed stably as
    /// z_y − log Σ_{j≠y} exp z_j.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="label"/> is not an index of <paramref name="logits"/>.</exception>
    public static double LogitConfidence(ReadOnlySpan<float> logits, int label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, logits.Length);
        double max = double.NegativeInfinity;
        for (int j = 0; j < logits.Length; j++)
        {
            if (j != label)
            {
                max = Math.Max(max, logits[j]);
            }
        }

        double sum = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            if (j != label)
            {
                sum += Math.Exp(logits[j] - max);
            }
        }

        return logits[label] - (max + Math.Log(sum));
    }
}

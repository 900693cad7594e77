namespace Veil.Privacy.Accounting;

/// <summary>
/// Finds the noise multiplier that meets a target epsilon: epsilon falls as sigma grows, so a bracket is found by
/// doubling and halving and then bisected until epsilon(sigma) is within the tolerance below the target. The answer
/// is always on the safe side: epsilon(answer) &lt;= target.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread (each search creates its own accountants).</remarks>
public static class NoiseMultiplierSearch
{
    private const double MaxSigma = 1e6;
    private const double MinSigma = 1e-6;

    /// <summary>The noise multiplier for <paramref name="steps"/> Poisson-subsampled Gaussian steps of sample rate
    /// <paramref name="sampleRate"/> to be (<paramref name="targetEpsilon"/>, <paramref name="delta"/>)-DP.</summary>
    /// <param name="targetEpsilon">epsilon &gt; 0.</param>
    /// <param name="delta">In (0, 1).</param>
    /// <param name="sampleRate">q in (0, 1].</param>
    /// <param name="steps">T &gt;= 1.</param>
    /// <param name="kind">The accountant.</param>
    /// <param name="epsilonTolerance">How far below the target the answer's epsilon may be; &gt; 0.</param>
    /// <exception cref="PrivacyParameterException">A value is outside its domain, or the target needs a noise
    /// multiplier above 1e6.</exception>
    public static NoiseSearchResult Find(
        double targetEpsilon, double delta, double sampleRate, long steps, AccountantKind kind = AccountantKind.Rdp, double epsilonTolerance = 1e-3)
    {
        PrivacyGuard.Delta(delta, "delta");
        PrivacyGuard.SampleRate(sampleRate, "sample rate");
        PrivacyGuard.Positive(steps, "steps");
        return Find(
            sigma =>
            {
                IPrivacyAccountant accountant = PrivacyAccountants.Create(kind);
                accountant.Compose(new SampledGaussianSteps(sigma, sampleRate, steps));
                return accountant.GetEpsilon(delta);
            },
            targetEpsilon,
            epsilonTolerance);
    }

    /// <summary>The smallest sigma, to within the tolerance on epsilon, with <paramref name="epsilonOf"/>(sigma) &lt;=
    /// <paramref name="targetEpsilon"/>, for any epsilon that decreases in sigma.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="epsilonOf"/> is null.</exception>
    /// <exception cref="PrivacyParameterException">The target or tolerance is not positive, or the target needs a
    /// noise multiplier above 1e6.</exception>
    public static NoiseSearchResult Find(Func<double, double> epsilonOf, double targetEpsilon, double epsilonTolerance = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(epsilonOf);
        PrivacyGuard.Positive(targetEpsilon, "target epsilon");
        PrivacyGuard.Positive(epsilonTolerance, "epsilon tolerance");
        int evaluations = 0;
        double Evaluate(double sigma)
        {
            evaluations++;
            return epsilonOf(sigma);
        }

        double high = 1, highEpsilon = Evaluate(high);
        while (highEpsilon > targetEpsilon)
        {
            high *= 2;
            if (high > MaxSigma)
            {
                throw new PrivacyParameterException(
                    $"target epsilon {targetEpsilon} needs a noise multiplier above {MaxSigma:G}; raise epsilon or delta, or take fewer steps.");
            }

            highEpsilon = Evaluate(high);
        }

        double low = high / 2, lowEpsilon = Evaluate(low);
        while (lowEpsilon <= targetEpsilon)
        {
            (high, highEpsilon) = (low, lowEpsilon);
            low /= 2;
            if (low < MinSigma)
            {
                return new NoiseSearchResult(high, highEpsilon, evaluations);
            }

            lowEpsilon = Evaluate(low);
        }

        while (targetEpsilon - highEpsilon > epsilonTolerance && high - low > 1e-12 * high)
        {
            double middle = 0.5 * (low + high);
            double epsilon = Evaluate(middle);
            if (epsilon <= targetEpsilon)
            {
                high = middle;
                highEpsilon = epsilon;
            }
            else
            {
                low = middle;
            }
        }

        return new NoiseSearchResult(high, highEpsilon, evaluations);
    }
}

namespace Veil.Privacy.Accounting;

/// <summary>
/// Finds the noise multiplier that meets a target epsilon: epsilon falls as sigma grows, so a bracket is found by
/// doubling and halving and then narrowed (regula falsi, Illinois variant) until epsilon(sigma) is within the
/// tolerance below the target. The answer is always on the safe side: epsilon(answer) &lt;= target.
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
        double Epsilon(double sigma, AccountantKind accountantKind)
        {
            IPrivacyAccountant accountant = PrivacyAccountants.Create(accountantKind);
            accountant.Compose(new SampledGaussianSteps(sigma, sampleRate, steps));
            return accountant.GetEpsilon(delta);
        }

        // The PRV accountant is slow and tighter than RDP, so its search starts from the RDP answer (a near upper bound).
        double start = kind == AccountantKind.Prv ? Find(sigma => Epsilon(sigma, AccountantKind.Rdp), targetEpsilon, epsilonTolerance).NoiseMultiplier : 1;
        return Find(sigma => Epsilon(sigma, kind), targetEpsilon, epsilonTolerance, start);
    }

    /// <summary>The smallest sigma, to within the tolerance on epsilon, with <paramref name="epsilonOf"/>(sigma) &lt;=
    /// <paramref name="targetEpsilon"/>, for any epsilon that decreases in sigma.</summary>
    /// <param name="epsilonOf">Epsilon as a function of sigma, decreasing.</param>
    /// <param name="targetEpsilon">The target, &gt; 0.</param>
    /// <param name="epsilonTolerance">How far below the target the answer's epsilon may be, &gt; 0.</param>
    /// <param name="initialSigma">Where to start: the bracket grows and shrinks from here by factors of 2 (or of 0.9
    /// downwards when started elsewhere than 1, expecting a good guess).</param>
    /// <exception cref="ArgumentNullException"><paramref name="epsilonOf"/> is null.</exception>
    /// <exception cref="PrivacyParameterException">The target, tolerance or start is not positive, or the target needs
    /// a noise multiplier above 1e6.</exception>
    public static NoiseSearchResult Find(Func<double, double> epsilonOf, double targetEpsilon, double epsilonTolerance = 1e-3, double initialSigma = 1)
    {
        ArgumentNullException.ThrowIfNull(epsilonOf);
        PrivacyGuard.Positive(targetEpsilon, "target epsilon");
        PrivacyGuard.Positive(epsilonTolerance, "epsilon tolerance");
        PrivacyGuard.Positive(initialSigma, "initial noise multiplier");
        int evaluations = 0;
        double Evaluate(double sigma)
        {
            evaluations++;
            return epsilonOf(sigma);
        }

        // Aim at the middle of the accepted band [target - tolerance, target], so an evaluation close to the aim is
        // accepted whichever side of it it falls.
        double aim = targetEpsilon - (epsilonTolerance / 2);
        double shrink = initialSigma == 1 ? 0.5 : 0.9;
        double high = initialSigma, highEpsilon = Evaluate(high);
        while (highEpsilon > aim)
        {
            high *= 2;
            if (high > MaxSigma)
            {
                throw new PrivacyParameterException(
                    $"target epsilon {targetEpsilon} needs a noise multiplier above {MaxSigma:G}; raise epsilon or delta, or take fewer steps.");
            }

            highEpsilon = Evaluate(high);
        }

        double low = high * shrink, lowEpsilon = Evaluate(low);
        while (lowEpsilon <= aim)
        {
            (high, highEpsilon) = (low, lowEpsilon);
            low *= shrink;
            if (low < MinSigma)
            {
                return new NoiseSearchResult(high, highEpsilon, evaluations);
            }

            lowEpsilon = Evaluate(low);
        }

        // Regula falsi with the Illinois modification on g(sigma) = epsilon(sigma) - aim, keeping the bracket
        // g(low) > 0 >= g(high): superlinear where epsilon is smooth, never worse than a bracket that shrinks.
        double gLow = lowEpsilon - aim, gHigh = highEpsilon - aim;
        int retained = 0;
        while (targetEpsilon - highEpsilon > epsilonTolerance && high - low > 1e-12 * high)
        {
            double middle = ((low * gHigh) - (high * gLow)) / (gHigh - gLow);
            double width = high - low;
            if (!(middle > low + (0.01 * width) && middle < high - (0.01 * width)))
            {
                middle = 0.5 * (low + high);
            }

            double epsilon = Evaluate(middle);
            if (epsilon <= aim)
            {
                (high, highEpsilon, gHigh) = (middle, epsilon, epsilon - aim);
                gLow = retained < 0 ? gLow / 2 : gLow;
                retained = retained < 0 ? retained - 1 : -1;
            }
            else
            {
                (low, gLow) = (middle, epsilon - aim);
                gHigh = retained > 0 ? gHigh / 2 : gHigh;
                retained = retained > 0 ? retained + 1 : 1;
            }
        }

        return new NoiseSearchResult(high, highEpsilon, evaluations);
    }
}

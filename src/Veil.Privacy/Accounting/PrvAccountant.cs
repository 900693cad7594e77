using Veil.Privacy.Accounting.Prv;

namespace Veil.Privacy.Accounting;

/// <summary>
/// The privacy loss random variable (PRV) accountant of Gopi, Lee and Wutschitz (2021, "Numerical Composition of
/// Differential Privacy"): the exact distribution of one step's privacy loss is discretised, composed by FFT, and
/// read off as delta(epsilon) = E[(1 - exp(epsilon - Y))+]. Tighter than RDP (RDP's conversion is lossy), with a
/// proven error interval.
/// </summary>
/// <remarks>
/// <para>Error analysis (our own bookkeeping of the argument of GLW21, Theorem 5.5), with eta = delta *
/// <see cref="PrvAccuracy.DeltaErrorFraction"/>, T the total number of steps and t = <see cref="PrvAccuracy.EpsilonError"/>:</para>
/// <list type="number">
/// <item>Each step's loss is truncated to an interval outside which it has mass at most eta/(8T) per side; by a union
/// bound the truncation changes the composed loss with probability at most eta/4.</item>
/// <item>Each truncated loss is rounded to the grid (spacing h) and the whole grid shifted to keep its mean: the
/// rounding errors are independent, zero-mean and lie in intervals of length h, so by Hoeffding the composed error
/// exceeds t = h sqrt(T ln(4/eta)/2) with probability at most eta/2. h is chosen from t this way.</item>
/// <item>The FFT window drops (folds) at most eta/4 of the composed mass (Chernoff bounds).</item>
/// <item>Coupling: outside an event of probability eta, |Y - Y_discrete| &lt;= t, hence
/// delta_true(eps) &lt;= delta_discrete(eps - t) + eta and delta_discrete(eps) &lt;= delta_true(eps - t) + eta.
/// So the true epsilon lies in [eps_d(delta + eta) - t', eps_d(delta - eta) + t'], where t' adds to t the estimated
/// error of the mean shift (a numerical-integration estimate, typically below 1e-9 per step).</item>
/// </list>
/// <para>Both directions of add-or-remove adjacency are computed (removing an example: mixture vs Gaussian; adding:
/// Gaussian vs mixture) and the larger epsilon reported. Opacus and the reference implementation of GLW21 use the
/// remove direction only; for the settings of DP-SGD it is the larger one, and the figures agree.</para>
/// <para>What is not proven: the floating-point error of the FFT (about 1e-16 times the window size relative to the
/// total mass; the accountant refuses deltas within 2^-52 N of zero) and of the Simpson estimate of the mean shift.</para>
/// <para>Thread-safety: not safe for concurrent use.</para>
/// </remarks>
public sealed class PrvAccountant : IPrivacyAccountant
{
    private readonly AccountingHistory _history = new();

    /// <summary>Creates an empty accountant with <paramref name="accuracy"/> (default <see cref="PrvAccuracy.Default"/>).</summary>
    public PrvAccountant(PrvAccuracy? accuracy = null)
    {
        Accuracy = accuracy ?? PrvAccuracy.Default;
    }

    /// <summary>The accuracy settings.</summary>
    public PrvAccuracy Accuracy { get; }

    /// <inheritdoc />
    public IReadOnlyList<SampledGaussianSteps> History => _history.Runs;

    /// <inheritdoc />
    public void Compose(SampledGaussianSteps steps) => _history.Add(steps);

    /// <summary>Adds <paramref name="steps"/> steps of noise multiplier sigma and sample rate q.</summary>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public void Compose(double noiseMultiplier, double sampleRate, long steps = 1) =>
        _history.Add(new SampledGaussianSteps(noiseMultiplier, sampleRate, steps));

    /// <inheritdoc />
    public void Reset() => _history.Clear();

    /// <summary>The guaranteed epsilon at <paramref name="delta"/>: the upper end of <see cref="GetGuarantee"/>.</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="delta"/> is not in (0, 1), or the accuracy asked
    /// for needs more memory than <see cref="PrvAccuracy.MaxFftSize"/> allows.</exception>
    public double GetEpsilon(double delta) => GetGuarantee(delta).Epsilon;

    /// <summary>The estimate of epsilon at <paramref name="delta"/> with its proven interval.</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="delta"/> is not in (0, 1), is too small for the
    /// floating-point precision of the composition, or the accuracy asked for needs more memory than
    /// <see cref="PrvAccuracy.MaxFftSize"/> allows.</exception>
    public PrvGuarantee GetGuarantee(double delta)
    {
        PrivacyGuard.Delta(delta, "delta");
        IReadOnlyList<SampledGaussianSteps> runs = _history.Runs;
        if (runs.Count == 0)
        {
            return new PrvGuarantee(0, 0, 0, 0, delta, 0, 0);
        }

        double eta = delta * Accuracy.DeltaErrorFraction;
        double totalSteps = runs.Sum(r => (double)r.Steps);
        double mesh = Accuracy.EpsilonError / Math.Sqrt(totalSteps * Math.Log(4 / eta) / 2);
        double tailPerStep = eta / (8 * totalSteps);

        PrvGuarantee? result = null;
        bool noSubsampling = runs.All(r => r.SampleRate == 1);
        foreach (LossDirection direction in noSubsampling ? [LossDirection.Remove] : new[] { LossDirection.Remove, LossDirection.Add })
        {
            var steps = new List<(DiscretePrv Step, long Count)>(runs.Count);
            double shiftError = 0;
            foreach (SampledGaussianSteps run in runs)
            {
                var loss = new SubsampledGaussianLoss(run.NoiseMultiplier, run.SampleRate, direction);
                DiscretePrv step = DiscretePrv.Create(loss, mesh, tailPerStep, Accuracy.MaxFftSize);
                steps.Add((step, run.Steps));
                shiftError += run.Steps * step.ShiftError;
            }

            ComposedPrv composed = PrvComposer.Compose(steps, mesh, eta, Accuracy.MaxFftSize);
            if (delta - eta < composed.Pmf.Length * Math.Pow(2, -52))
            {
                throw new PrivacyParameterException(
                    $"delta {delta} is too small for the PRV accountant's floating-point precision with {composed.Pmf.Length} points; use the RDP accountant.");
            }

            double error = Accuracy.EpsilonError + shiftError;
            double estimate = composed.Epsilon(delta);
            double upper = composed.Epsilon(delta - eta) + error;
            double lower = Math.Max(0, composed.Epsilon(delta + eta) - error);
            var guarantee = new PrvGuarantee(upper, estimate, lower, upper, delta, mesh, composed.Pmf.Length);
            result = result is null ? guarantee : Max(result, guarantee);
        }

        return result!;
    }

    private static PrvGuarantee Max(PrvGuarantee a, PrvGuarantee b) => new(
        Math.Max(a.Epsilon, b.Epsilon),
        Math.Max(a.Estimate, b.Estimate),
        Math.Max(a.Lower, b.Lower),
        Math.Max(a.Upper, b.Upper),
        a.Delta,
        a.MeshSize,
        Math.Max(a.FftSize, b.FftSize));
}

using Veil.Privacy.Accounting;

namespace Veil.Privacy.DpSgd;

/// <summary>
/// A DP-SGD run resolved into the figures the accountant sees: sample rate q = B / N for an expected batch size B and
/// N training examples, round(N / B) steps an epoch, T steps in all, and the noise multiplier sigma (searched for with
/// <see cref="Accountant"/> when a target epsilon is given). <see cref="PlannedEpsilon"/> is that accountant's epsilon
/// of the whole run.
/// </summary>
/// <param name="DatasetSize">N, the number of training examples.</param>
/// <param name="ExpectedBatchSize">B = qN.</param>
/// <param name="SampleRate">q: each example joins each batch with this probability.</param>
/// <param name="StepsPerEpoch">round(N / B).</param>
/// <param name="Epochs">Epochs.</param>
/// <param name="Steps">T = epochs x steps per epoch.</param>
/// <param name="NoiseMultiplier">sigma: the noise's standard deviation is sigma x C.</param>
/// <param name="ClippingNorm">C, the L2 sensitivity of the clipped sum.</param>
/// <param name="Delta">The delta of the guarantee.</param>
/// <param name="PlannedEpsilon">The epsilon after all T steps by <see cref="Accountant"/> (for PRV, the upper end of its
/// proven interval).</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record DpSgdPlan(
    int DatasetSize, int ExpectedBatchSize, double SampleRate, int StepsPerEpoch, int Epochs, long Steps,
    double NoiseMultiplier, double ClippingNorm, double Delta, double PlannedEpsilon)
{
    /// <summary>The noise's standard deviation on the clipped sum: sigma x C.</summary>
    public double NoiseStandardDeviation => NoiseMultiplier * ClippingNorm;

    /// <summary>The accountant that chose the noise multiplier and whose epsilon is reported.</summary>
    public AccountantKind Accountant { get; init; } = AccountantKind.Rdp;

    /// <summary>Resolves a run.</summary>
    /// <param name="datasetSize">N.</param>
    /// <param name="expectedBatchSize">B, at most N.</param>
    /// <param name="epochs">At least 1.</param>
    /// <param name="options">The privacy settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="PrivacyParameterException">A setting is outside its domain: delta not below 1/N, a batch
    /// larger than the data set, or a target epsilon that needs a noise multiplier above 1e6.</exception>
    public static DpSgdPlan Create(int datasetSize, int expectedBatchSize, int epochs, DpSgdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        PrivacyGuard.Positive(datasetSize, "training set size");
        PrivacyGuard.Positive(epochs, "epochs");
        PrivacyGuard.Positive(expectedBatchSize, "expected batch size");
        if (expectedBatchSize > datasetSize)
        {
            throw new PrivacyParameterException($"the expected batch size {expectedBatchSize} exceeds the {datasetSize} training examples.");
        }

        if (options.Delta >= 1.0 / datasetSize)
        {
            throw new PrivacyParameterException(
                $"delta {options.Delta} must be below 1 / (training set size) = {1.0 / datasetSize:G3}; with a larger delta one example may be released outright.");
        }

        double q = (double)expectedBatchSize / datasetSize;
        int perEpoch = Math.Max(1, (int)Math.Round((double)datasetSize / expectedBatchSize));
        long steps = (long)perEpoch * epochs;
        double sigma = options.NoiseMultiplier
            ?? NoiseMultiplierSearch.Find(options.TargetEpsilon!.Value, options.Delta, q, steps, options.Accountant).NoiseMultiplier;
        IPrivacyAccountant accountant = PrivacyAccountants.Create(options.Accountant);
        accountant.Compose(new SampledGaussianSteps(sigma, q, steps));
        return new DpSgdPlan(datasetSize, expectedBatchSize, q, perEpoch, epochs, steps, sigma, options.ClippingNorm, options.Delta,
            accountant.GetEpsilon(options.Delta))
        {
            Accountant = options.Accountant,
        };
    }
}

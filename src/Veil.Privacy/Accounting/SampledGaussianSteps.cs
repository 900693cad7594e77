namespace Veil.Privacy.Accounting;

/// <summary>
/// A run of identical steps of the Poisson-subsampled Gaussian mechanism, the step of DP-SGD: each example joins the
/// batch independently with probability <see cref="SampleRate"/>, and Gaussian noise of standard deviation
/// <see cref="NoiseMultiplier"/> times the L2 sensitivity (the clipping norm) is added to the sum of clipped gradients.
/// Adjacency is add-or-remove-one-example.
/// </summary>
/// <remarks>Immutable and validated on construction; safe to share between threads.</remarks>
public sealed record SampledGaussianSteps
{
    /// <summary>Validates and creates the run.</summary>
    /// <param name="noiseMultiplier">Noise standard deviation divided by the L2 sensitivity; &gt; 0.</param>
    /// <param name="sampleRate">Probability q that an example joins a batch; in (0, 1].</param>
    /// <param name="steps">Number of steps; &gt;= 0.</param>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public SampledGaussianSteps(double noiseMultiplier, double sampleRate, long steps)
    {
        NoiseMultiplier = PrivacyGuard.Positive(noiseMultiplier, "noise multiplier");
        SampleRate = PrivacyGuard.SampleRate(sampleRate, "sample rate");
        Steps = PrivacyGuard.NotNegative(steps, "steps");
    }

    /// <summary>Noise standard deviation divided by the L2 sensitivity (sigma).</summary>
    public double NoiseMultiplier { get; }

    /// <summary>Poisson sampling probability q.</summary>
    public double SampleRate { get; }

    /// <summary>Number of steps T.</summary>
    public long Steps { get; }

    /// <summary>True when <paramref name="other"/> has the same noise multiplier and sample rate.</summary>
    public bool SameMechanism(SampledGaussianSteps other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return NoiseMultiplier == other.NoiseMultiplier && SampleRate == other.SampleRate;
    }

    /// <summary>This run with <paramref name="more"/> additional steps.</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="more"/> is negative.</exception>
    public SampledGaussianSteps WithMoreSteps(long more) =>
        new(NoiseMultiplier, SampleRate, checked(Steps + PrivacyGuard.NotNegative(more, "steps")));
}

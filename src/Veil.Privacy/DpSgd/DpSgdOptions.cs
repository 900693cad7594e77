using Veil.Privacy.Accounting;

namespace Veil.Privacy.DpSgd;

/// <summary>
/// The privacy settings of a DP-SGD run: the target (epsilon, delta) or a fixed noise multiplier, the clipping norm and
/// rule, and implementation choices. The optimizer, epochs and expected batch size come from
/// <see cref="Nn.Training.TrainingOptions"/>.
/// </summary>
/// <remarks>A record: change settings with <c>with</c>. Thread-safety: immutable.</remarks>
public sealed record DpSgdOptions
{
    /// <summary>The epsilon to spend by the end of training (the noise multiplier is then searched for); or null
    /// when <see cref="NoiseMultiplier"/> is given.</summary>
    public double? TargetEpsilon { get; init; }

    /// <summary>A fixed noise multiplier sigma (noise standard deviation / clipping norm), or null to search for the
    /// one that meets <see cref="TargetEpsilon"/>.</summary>
    public double? NoiseMultiplier { get; init; }

    /// <summary>The accountant that chooses the noise multiplier for <see cref="TargetEpsilon"/> and whose epsilon is
    /// reported and recorded: <see cref="AccountantKind.Rdp"/> (default) or the tighter <see cref="AccountantKind.Prv"/>,
    /// which certifies the same epsilon with less noise (the upper end of its proven interval is what counts).</summary>
    public AccountantKind Accountant { get; init; } = AccountantKind.Rdp;

    /// <summary>The delta of the guarantee; must be below 1 / (training set size).</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>The clipping norm C: the L2 sensitivity of the sum of clipped per-example gradients.</summary>
    public double ClippingNorm { get; init; } = 1;

    /// <summary>Flat or per-layer clipping.</summary>
    public ClippingMode Clipping { get; init; } = ClippingMode.Flat;

    /// <summary>The most examples run through the model at once (a Poisson batch is split into micro-batches).</summary>
    public int PhysicalBatchSize { get; init; } = 256;

    /// <summary>Decay of an exponential moving average of the weights (0 = none): the model released is the average,
    /// a post-processing of the private iterates, which costs no privacy. Warmed up as min(decay, (1 + t)/(10 + t)).</summary>
    public double AverageDecay { get; init; }

    /// <summary>Indices into the model's layers of layers left at their initial (data-independent) weights: they get no
    /// gradient, no noise and no update, so the noise is spread over fewer coordinates. Null or empty trains all.</summary>
    public IReadOnlyList<int>? FrozenLayers { get; init; }

    /// <summary>Draw each noise value as (Z1 + Z2 + Z3 + Z4) / 2 (see <see cref="Mechanisms.GaussianNoise"/>).</summary>
    public bool HardenedNoise { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="PrivacyParameterException">A value is outside its domain, or neither or both of
    /// <see cref="TargetEpsilon"/> and <see cref="NoiseMultiplier"/> are given.</exception>
    public void Validate()
    {
        if (TargetEpsilon is null == NoiseMultiplier is null)
        {
            throw new PrivacyParameterException("give exactly one of a target epsilon or a noise multiplier.");
        }

        if (TargetEpsilon is double epsilon)
        {
            PrivacyGuard.Positive(epsilon, "target epsilon");
        }

        if (NoiseMultiplier is double sigma)
        {
            PrivacyGuard.Positive(sigma, "noise multiplier");
        }

        if (!Enum.IsDefined(Accountant))
        {
            throw new PrivacyParameterException($"unknown accountant {Accountant}.");
        }

        PrivacyGuard.Delta(Delta, "delta");
        PrivacyGuard.Positive(ClippingNorm, "clipping norm");
        PrivacyGuard.Positive(PhysicalBatchSize, "physical batch size");
        if (!(AverageDecay >= 0 && AverageDecay < 1))
        {
            throw new PrivacyParameterException($"weight-average decay must be in [0, 1); got {AverageDecay}.");
        }
    }
}

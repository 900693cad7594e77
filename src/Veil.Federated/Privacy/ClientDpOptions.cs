namespace Veil.Federated.Privacy;

/// <summary>Where DP-FedAvg's Gaussian noise is added.</summary>
public enum NoisePlacement
{
    /// <summary>The server adds all of it to the sum (a trusted server, or noise added after secure aggregation).</summary>
    Server,

    /// <summary>Each of the m sampled clients adds a 1/m share of the variance before secure aggregation, so the server
    /// never sees a less noisy sum (assumes the clients follow the protocol; dropped clients' shares are missing).</summary>
    Distributed,
}

/// <summary>
/// Client-level differential privacy for FedAvg (DP-FedAvg, McMahan et al. 2018): each client's update is clipped to
/// L2 norm C, the sum gets Gaussian noise of deviation z·C, and the mean divides by the number of clients sampled.
/// Optional adaptive clipping (Andrew et al. 2021) moves C toward the <see cref="TargetQuantile"/> of the update norms
/// from a noisy count. Build it from literals; <see cref="Validate"/> checks it.
/// </summary>
/// <remarks>Thread-safety: an immutable record.</remarks>
public sealed record ClientDpOptions
{
    /// <summary>The noise multiplier z of the accountant: the total noise's deviation over the sensitivity.</summary>
    public double NoiseMultiplier { get; init; } = 1.0;

    /// <summary>The clipping norm C (the initial one, with adaptive clipping).</summary>
    public double ClipNorm { get; init; } = 1.0;

    /// <summary>Where the noise is added.</summary>
    public NoisePlacement Placement { get; init; } = NoisePlacement.Server;

    /// <summary>Adapt C each round toward <see cref="TargetQuantile"/> of the update norms.</summary>
    public bool AdaptiveClipping { get; init; }

    /// <summary>The quantile γ of the update norms that adaptive clipping tracks.</summary>
    public double TargetQuantile { get; init; } = 0.5;

    /// <summary>The geometric step η_C of adaptive clipping: C ← C·exp(−η_C·(b̄ − γ)).</summary>
    public double ClipLearningRate { get; init; } = 0.2;

    /// <summary>The deviation σ_b of the noise on the count of clipped clients, as a fraction of the clients per round
    /// (Andrew et al. use m/20).</summary>
    public double CountNoiseFraction { get; init; } = 0.05;

    /// <summary>The δ at which ε is reported.</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>Throws unless every setting is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        Guard.IsTrue(NoiseMultiplier > 0 && double.IsFinite(NoiseMultiplier), nameof(NoiseMultiplier), "must be positive");
        Guard.IsTrue(ClipNorm > 0 && double.IsFinite(ClipNorm), nameof(ClipNorm), "must be positive");
        Guard.IsTrue(TargetQuantile is > 0 and < 1, nameof(TargetQuantile), "must be in (0, 1)");
        Guard.IsTrue(ClipLearningRate > 0 && double.IsFinite(ClipLearningRate), nameof(ClipLearningRate), "must be positive");
        Guard.IsTrue(CountNoiseFraction > 0 && double.IsFinite(CountNoiseFraction), nameof(CountNoiseFraction), "must be positive");
        Guard.IsTrue(Delta is > 0 and < 1, nameof(Delta), "must be in (0, 1)");
    }
}

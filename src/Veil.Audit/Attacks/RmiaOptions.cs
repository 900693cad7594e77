namespace Veil.Audit.Attacks;

/// <summary>Settings of RMIA (<see cref="Rmia"/>).</summary>
/// <remarks>A record; thread-safety: immutable.</remarks>
public sealed record RmiaOptions
{
    /// <summary>γ: x dominates z when the likelihood ratio of x over z is at least this (the paper uses 1 to 2).</summary>
    public double Gamma { get; init; } = 1;

    /// <summary>The offline approximation's a: with OUT reference models only, Pr(x) ≈ ½((1 + a) Pr_OUT(x) + (1 − a)).
    /// Used when <see cref="Offline"/> is set.</summary>
    public double OfflineA { get; init; } = 0.3;

    /// <summary>Use OUT reference models only (with the <see cref="OfflineA"/> approximation); otherwise Pr(x) is the
    /// mean over all reference models, IN and OUT.</summary>
    public bool Offline { get; init; }
}

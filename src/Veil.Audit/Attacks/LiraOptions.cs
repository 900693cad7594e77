namespace Veil.Audit.Attacks;

/// <summary>Settings of LiRA (<see cref="Lira"/>).</summary>
/// <remarks>A record; thread-safety: immutable.</remarks>
public sealed record LiraOptions
{
    /// <summary>Use one variance for all points (per side, IN and OUT), pooled over the residuals around each
    /// point's mean, instead of each point's own: Carlini et al. recommend it below about 64 shadow models.</summary>
    public bool GlobalVariance { get; init; }

    /// <summary>The smallest standard deviation allowed (keeps the likelihoods finite when shadows agree exactly).</summary>
    public double MinStandardDeviation { get; init; } = 1e-3;
}

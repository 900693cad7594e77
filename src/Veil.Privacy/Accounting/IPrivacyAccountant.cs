namespace Veil.Privacy.Accounting;

/// <summary>
/// Tracks the privacy spent by a sequence of Poisson-subsampled Gaussian steps (DP-SGD) and converts it to an
/// (epsilon, delta)-DP guarantee under add-or-remove-one adjacency.
/// </summary>
/// <remarks>Thread-safety: implementations are not safe for concurrent use.</remarks>
public interface IPrivacyAccountant
{
    /// <summary>The composed runs, in order; consecutive runs of the same mechanism are merged.</summary>
    IReadOnlyList<SampledGaussianSteps> History { get; }

    /// <summary>Adds a run of steps.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="steps"/> is null.</exception>
    void Compose(SampledGaussianSteps steps);

    /// <summary>Forgets every composed step.</summary>
    void Reset();

    /// <summary>The smallest epsilon this accountant can guarantee at <paramref name="delta"/>: an upper bound on the
    /// true epsilon of the composed mechanism.</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="delta"/> is not in (0, 1).</exception>
    double GetEpsilon(double delta);
}

namespace Veil.Privacy.Accounting;

/// <summary>
/// How precisely a <see cref="PrvAccountant"/> computes epsilon: the width of the proven interval around the
/// estimate, the failure probability spent on truncation and discretisation, and a cap on the FFT size (memory).
/// </summary>
/// <remarks>Immutable and validated; safe to share between threads.</remarks>
public sealed record PrvAccuracy
{
    /// <summary>Creates the settings.</summary>
    /// <param name="epsilonError">The discretisation error allowed on epsilon (the mesh is chosen so that the
    /// composed loss of the discrete model stays within this of the true loss except with probability
    /// deltaErrorFraction * delta / 2); in (0, 1].</param>
    /// <param name="deltaErrorFraction">eta / delta, the share of delta spent on truncation, discretisation and the FFT
    /// window; in (0, 0.5].</param>
    /// <param name="maxFftSize">The largest FFT allowed (a power of two; memory is 32 bytes a point).</param>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public PrvAccuracy(double epsilonError = 0.01, double deltaErrorFraction = 1e-3, int maxFftSize = 1 << 22)
    {
        if (!(epsilonError > 0 && epsilonError <= 1))
        {
            throw new PrivacyParameterException($"epsilon error must be in (0, 1]; got {epsilonError}.");
        }

        if (!(deltaErrorFraction > 0 && deltaErrorFraction <= 0.5))
        {
            throw new PrivacyParameterException($"delta error fraction must be in (0, 0.5]; got {deltaErrorFraction}.");
        }

        if (maxFftSize < 1024 || (maxFftSize & (maxFftSize - 1)) != 0 || maxFftSize > (1 << 26))
        {
            throw new PrivacyParameterException($"maximum FFT size must be a power of two in [2^10, 2^26]; got {maxFftSize}.");
        }

        EpsilonError = epsilonError;
        DeltaErrorFraction = deltaErrorFraction;
        MaxFftSize = maxFftSize;
    }

    /// <summary>The default: epsilon error 0.01 and delta error delta/1000, as Opacus's PRV accountant.</summary>
    public static PrvAccuracy Default { get; } = new();

    /// <summary>The discretisation error allowed on epsilon.</summary>
    public double EpsilonError { get; }

    /// <summary>eta / delta.</summary>
    public double DeltaErrorFraction { get; }

    /// <summary>The largest FFT allowed.</summary>
    public int MaxFftSize { get; }
}

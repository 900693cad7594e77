namespace Veil.Privacy.Clipping;

/// <summary>
/// The clipping factor min(1, C / norm), shrunk by a relative 2^-20 when it clips so that the clipped vector, once each
/// coordinate is rounded to float, still has norm at most C: rounding adds at most a relative 2^-24 per coordinate
/// (hence to the norm), rounding the factor itself to float adds another, and the double-precision norm is accurate
/// to far better than 2^-20.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class ClippingFactor
{
    /// <summary>1 - 2^-20.</summary>
    private const double Margin = 1 - (1.0 / (1 << 20));

    /// <summary>The factor for a vector of L2 norm <paramref name="norm"/> and threshold <paramref name="threshold"/>.</summary>
    /// <param name="norm">The computed norm.</param>
    /// <param name="threshold">The clipping norm C.</param>
    /// <param name="relativeNormError">A bound on the relative error of <paramref name="norm"/> (0 for norms from
    /// <see cref="GradientNorms"/>, accumulated in double; about n 2^-24 for a float sum of n squares), so that the
    /// factor also covers a norm computed low.</param>
    public static double For(double norm, double threshold, double relativeNormError = 0) =>
        norm * (1 + relativeNormError) <= threshold ? 1 : threshold / (norm * (1 + relativeNormError)) * Margin;
}

namespace Veil.Privacy.Clipping;

/// <summary>
/// Flat (whole-gradient) clipping, as in Abadi et al. (2016): each example's whole gradient, all layers together, is
/// scaled to L2 norm at most <see cref="Threshold"/>; every layer of the example gets the same factor.
/// Sensitivity = C.
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed class FlatClipping : IGradientClipping
{
    /// <summary>Creates the rule.</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="threshold"/> is not positive and finite.</exception>
    public FlatClipping(double threshold)
    {
        Threshold = PrivacyGuard.Positive(threshold, "clipping threshold");
    }

    /// <summary>The clipping norm C.</summary>
    public double Threshold { get; }

    /// <inheritdoc />
    public double Sensitivity => Threshold;

    /// <inheritdoc />
    public void ComputeFactors(ReadOnlySpan<double> layerNorms, int layers, Span<double> factors, double relativeNormError = 0)
    {
        Guard.Positive(layers);
        Guard.LengthEquals(factors.Length, layerNorms.Length, nameof(factors));
        Guard.IsTrue(layerNorms.Length % layers == 0, nameof(layerNorms), "is not a whole number of examples");
        for (int start = 0; start < layerNorms.Length; start += layers)
        {
            double factor = ClippingFactor.For(GradientNorms.L2Norm(layerNorms.Slice(start, layers)), Threshold, relativeNormError);
            factors.Slice(start, layers).Fill(factor);
        }
    }

    /// <summary>The factor of each example from its whole-gradient norm: factors[i] = min(1, C / norms[i]).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public void ComputeFactors(ReadOnlySpan<double> norms, Span<double> factors)
    {
        Guard.LengthEquals(factors.Length, norms.Length, nameof(factors));
        for (int i = 0; i < norms.Length; i++)
        {
            factors[i] = ClippingFactor.For(norms[i], Threshold);
        }
    }
}

namespace Veil.Privacy.Clipping;

/// <summary>
/// Per-layer clipping (McMahan et al. 2018): layer l of each example's gradient is scaled to L2 norm at most C_l on its
/// own, so one example's whole clipped gradient has norm at most sqrt(sum_l C_l^2) = <see cref="Sensitivity"/>.
/// It lets each layer be clipped from its own norm as soon as that layer's per-example gradients exist.
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed class PerLayerClipping : IGradientClipping
{
    private readonly double[] _thresholds;

    /// <summary>Creates the rule from one threshold per layer.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="thresholds"/> is null.</exception>
    /// <exception cref="PrivacyParameterException">The list is empty or a threshold is not positive and finite.</exception>
    public PerLayerClipping(IEnumerable<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        _thresholds = [.. thresholds];
        if (_thresholds.Length == 0)
        {
            throw new PrivacyParameterException("per-layer clipping needs at least one layer.");
        }

        double sum = 0;
        foreach (double threshold in _thresholds)
        {
            PrivacyGuard.Positive(threshold, "clipping threshold");
            sum += threshold * threshold;
        }

        Sensitivity = Math.Sqrt(sum);
    }

    /// <summary>C_l for each layer.</summary>
    public IReadOnlyList<double> Thresholds => _thresholds;

    /// <summary>The number of layers.</summary>
    public int Layers => _thresholds.Length;

    /// <inheritdoc />
    public double Sensitivity { get; }

    /// <summary>The same threshold C / sqrt(L) for each of <paramref name="layers"/> layers: total sensitivity C.</summary>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public static PerLayerClipping Equal(double totalThreshold, int layers)
    {
        PrivacyGuard.Positive(totalThreshold, "clipping threshold");
        PrivacyGuard.Positive(layers, "layers");
        return new PerLayerClipping(Enumerable.Repeat(totalThreshold / Math.Sqrt(layers), layers));
    }

    /// <summary>Thresholds C sqrt(n_l / N), proportional to the square root of each layer's parameter count n_l:
    /// total sensitivity C, and every coordinate gets the same share of it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layerSizes"/> is null.</exception>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public static PerLayerClipping Proportional(double totalThreshold, IReadOnlyList<int> layerSizes)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        PrivacyGuard.Positive(totalThreshold, "clipping threshold");
        double total = 0;
        foreach (int size in layerSizes)
        {
            total += PrivacyGuard.Positive(size, "layer size");
        }

        return new PerLayerClipping(layerSizes.Select(size => totalThreshold * Math.Sqrt(size / total)));
    }

    /// <inheritdoc />
    public void ComputeFactors(ReadOnlySpan<double> layerNorms, int layers, Span<double> factors, double relativeNormError = 0)
    {
        Guard.LengthEquals(layers, Layers, nameof(layers));
        Guard.LengthEquals(factors.Length, layerNorms.Length, nameof(factors));
        Guard.IsTrue(layerNorms.Length % layers == 0, nameof(layerNorms), "is not a whole number of examples");
        for (int i = 0; i < layerNorms.Length; i++)
        {
            factors[i] = ClippingFactor.For(layerNorms[i], _thresholds[i % layers], relativeNormError);
        }
    }
}

namespace Veil.Privacy.Clipping;

/// <summary>
/// A per-example clipping rule for DP-SGD: from each example's per-layer gradient norms, the factor by which each of
/// its layers' gradients is scaled, such that the clipped whole gradient of any one example has L2 norm at most
/// <see cref="Sensitivity"/> (the sensitivity of the sum over the batch, which the Gaussian noise is scaled to).
/// </summary>
/// <remarks>Implementations are immutable and safe to share between threads.</remarks>
public interface IGradientClipping
{
    /// <summary>The L2 sensitivity of the sum of clipped per-example gradients.</summary>
    double Sensitivity { get; }

    /// <summary>factors[i * layers + l] = the scale for example i's gradient of layer l, from
    /// layerNorms[i * layers + l] (examples by layers, row-major). Every factor is in [0, 1].</summary>
    /// <param name="layerNorms">Each example's per-layer L2 norms.</param>
    /// <param name="layers">Layers per example.</param>
    /// <param name="factors">Receives the factors.</param>
    /// <param name="relativeNormError">A bound on the relative error of the norms given (0 when they were summed in
    /// double; see <see cref="ClippingFactor.For"/>): the factors then also bound norms that were computed low.</param>
    /// <exception cref="ArgumentException">The sizes do not match, or the rule is for another number of layers.</exception>
    void ComputeFactors(ReadOnlySpan<double> layerNorms, int layers, Span<double> factors, double relativeNormError = 0);
}

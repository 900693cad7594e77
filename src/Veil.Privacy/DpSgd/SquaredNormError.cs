using Veil.Nn;
using Veil.Nn.Layers;

namespace Veil.Privacy.DpSgd;

/// <summary>
/// Bounds on the relative error of the per-example squared gradient norms the NN engine computes in float
/// (<see cref="PerExampleGradients.SquaredNorms"/>), so that clipping factors computed from them still bound the true
/// norms (<see cref="Clipping.ClippingFactor.For"/>).
/// </summary>
/// <remarks>
/// A float sum of n non-negative terms, each a rounded product, is within (n + 1) u of the exact sum (u = 2^-24,
/// recursive summation, nu &lt;&lt; 1), whatever the order of the additions. The engine forms, per example:
/// Linear weight <c>‖dy‖²·‖x‖²</c> (two sums of out and in squares and a product: (in + out + 3) u); Linear bias
/// <c>‖dy‖²</c> ((out + 1) u); Conv2d weight the sum of squares of the out·in·k² gradient entries; Conv2d bias the sum
/// over out channels of squared channel sums ((out + 1) u). A sum in double of such terms has at most the largest of
/// their relative errors (plus 2^-53 per addition). We add 2u of slack to each bound.
/// Thread-safety: stateless.
/// </remarks>
internal static class SquaredNormError
{
    private const double Unit = 1.0 / (1 << 24);

    /// <summary>The largest bound over the model's parameters: valid for any sum of its per-parameter squared norms.</summary>
    public static double For(Sequential model)
    {
        double worst = 0;
        for (int j = 0; j < model.Parameters.Count; j++)
        {
            Layer layer = model.Layers[model.LayerOf(j)];
            int index = IndexInLayer(layer, model.Parameters[j]);
            worst = Math.Max(worst, For(layer, index, model.Parameters[j].Value.Length));
        }

        return worst;
    }

    /// <summary>The bound for parameter <paramref name="index"/> of <paramref name="layer"/>.</summary>
    private static double For(Layer layer, int index, int length)
    {
        long terms = layer switch
        {
            Linear l when index == 0 => (long)l.InFeatures + l.OutFeatures + 1,
            Linear l => l.OutFeatures,
            Conv2d c when index == 0 => length,
            Conv2d c => c.OutChannels,
            _ => length,
        };
        return (terms + 3) * Unit;
    }

    private static int IndexInLayer(Layer layer, Parameter parameter)
    {
        for (int i = 0; i < layer.Parameters.Count; i++)
        {
            if (ReferenceEquals(layer.Parameters[i], parameter))
            {
                return i;
            }
        }

        throw new InvalidOperationException("A parameter is not its layer's.");
    }
}

using Veil.Nn.Layers;

namespace Veil.Nn;

/// <summary>
/// Floating-point operation counts of a model, for reporting achieved GFLOP/s. Counts the multiply-adds of Linear and
/// Conv2d layers as two operations each; element-wise layers and pooling are ignored (they are memory-bound and small).
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class ModelCost
{
    /// <summary>Operations of one example's forward pass.</summary>
    public static long ForwardFlops(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        long total = 0;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            total += LayerFlops(model.Layers[i], model.ShapeBefore(i + 1));
        }

        return total;
    }

    /// <summary>Operations of one example's training step: the forward pass, the weight gradients (as many again),
    /// and the input gradients (as many again, except for the first layer that has parameters).</summary>
    public static long TrainingFlops(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        long total = 0;
        bool first = true;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            long flops = LayerFlops(model.Layers[i], model.ShapeBefore(i + 1));
            if (flops > 0)
            {
                total += flops * (first ? 2 : 3);
                first = false;
            }
        }

        return total;
    }

    private static long LayerFlops(Layer layer, Veil.Tensors.TensorShape outputShape) => layer switch
    {
        Linear linear => 2L * linear.InFeatures * linear.OutFeatures,
        Conv2d conv => 2L * outputShape.ElementCount * conv.InChannels * conv.KernelSize * conv.KernelSize,
        _ => 0,
    };
}

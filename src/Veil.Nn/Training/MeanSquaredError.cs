using Veil.Tensors;

namespace Veil.Nn.Training;

/// <summary>
/// Half the squared distance between the outputs and one-hot targets: <c>loss_i = ½ ‖z_i − onehot(y_i)‖²</c>, with the
/// gradient <c>∂loss_i/∂z_i = z_i − onehot(y_i)</c> (divided by the batch size for <see cref="LossReduction.Mean"/>).
/// Its gradient needs no exponential and no division, which is why secure training under MPC (SecureNN, ABY3) uses it;
/// Veil's plaintext twin of secure training uses it so both follow the same recipe.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class MeanSquaredError
{
    /// <summary>Returns the loss of the batch and writes its gradient with respect to the outputs.</summary>
    /// <param name="outputs">[batch, classes].</param>
    /// <param name="labels">One class index per example.</param>
    /// <param name="gradient">[batch, classes]; receives the gradient. May be <paramref name="outputs"/> itself.</param>
    /// <param name="reduction">Mean or sum over the batch, for both the loss and the gradient.</param>
    /// <exception cref="ArgumentException">The shapes do not match, or a label is not a class.</exception>
    public static double Compute(Tensor outputs, ReadOnlySpan<int> labels, Tensor gradient, LossReduction reduction = LossReduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(gradient);
        Guard.IsTrue(outputs.Rank == 2, nameof(outputs), $"has shape {outputs.Shape}; [batch, classes] is needed");
        Guard.IsTrue(gradient.Shape == outputs.Shape, nameof(gradient), $"has shape {gradient.Shape}; expected {outputs.Shape}");
        int batch = outputs.Shape[0];
        int classes = outputs.Shape[1];
        Guard.LengthEquals(labels.Length, batch, nameof(labels));
        float scale = reduction == LossReduction.Mean && batch > 0 ? 1f / batch : 1f;
        double total = 0;
        ReadOnlySpan<float> z = outputs.Span;
        Span<float> g = gradient.Span;
        for (int i = 0; i < batch; i++)
        {
            int label = labels[i];
            Guard.IsTrue((uint)label < (uint)classes, nameof(labels), $"holds {label}; classes are 0 to {classes - 1}");
            for (int c = 0; c < classes; c++)
            {
                int k = (i * classes) + c;
                float difference = z[k] - (c == label ? 1f : 0f);
                total += 0.5 * difference * difference;
                g[k] = difference * scale;
            }
        }

        return reduction == LossReduction.Mean && batch > 0 ? total / batch : total;
    }
}

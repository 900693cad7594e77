using Veil.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Veil.Nn.Training;

/// <summary>
/// Softmax cross-entropy of logits against class labels: <c>loss_i = −log softmax(z_i)[y_i]</c>, with the gradient
/// <c>∂loss_i/∂z_i = softmax(z_i) − onehot(y_i)</c> (divided by the batch size for <see cref="LossReduction.Mean"/>).
/// Computed stably (the row maximum is subtracted before exponentiating).
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class SoftmaxCrossEntropy
{
    /// <summary>Returns the loss of the batch and writes its gradient with respect to the logits.</summary>
    /// <param name="logits">[batch, classes].</param>
    /// <param name="labels">One class index per example.</param>
    /// <param name="gradient">[batch, classes]; receives the gradient. May be <paramref name="logits"/> itself.</param>
    /// <param name="reduction">Mean or sum over the batch, for both the loss and the gradient.</param>
    /// <exception cref="ArgumentException">The shapes do not match, or a label is not a class.</exception>
    public static double Compute(Tensor logits, ReadOnlySpan<int> labels, Tensor gradient, LossReduction reduction = LossReduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(gradient);
        Guard.IsTrue(logits.Rank == 2, nameof(logits), $"has shape {logits.Shape}; [batch, classes] is needed");
        Guard.IsTrue(gradient.Shape == logits.Shape, nameof(gradient), $"has shape {gradient.Shape}; expected {logits.Shape}");
        int batch = logits.Shape[0];
        int classes = logits.Shape[1];
        Guard.LengthEquals(labels.Length, batch, nameof(labels));
        float scale = reduction == LossReduction.Mean && batch > 0 ? 1f / batch : 1f;
        double total = 0;
        for (int i = 0; i < batch; i++)
        {
            int label = labels[i];
            Guard.IsTrue((uint)label < (uint)classes, nameof(labels), $"holds {label}; classes are 0 to {classes - 1}");
            ReadOnlySpan<float> z = logits.Span.Slice(i * classes, classes);
            Span<float> g = gradient.Span.Slice(i * classes, classes);
            float max = TP.Max(z);
            float zLabel = z[label];

            // g = exp(z − max) / Σ exp(z − max): never overflows, whatever the logits' size.
            TP.Subtract(z, max, g);
            TP.Exp(g, g);
            double sum = TP.Sum(g);
            total += Math.Log(sum) - (zLabel - max);
            TP.Multiply(g, (float)(scale / sum), g);
            g[label] -= scale;
        }

        return reduction == LossReduction.Mean && batch > 0 ? total / batch : total;
    }
}

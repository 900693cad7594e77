using Veil.Audit.Attacks;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Tensors;

namespace Veil.Audit.Shadows;

/// <summary>
/// What a model says about each example's true label: the cross-entropy loss, the probability p, and the
/// logit-scaled confidence φ = log(p / (1 − p)) that LiRA fits.
/// </summary>
/// <remarks>Thread-safety: immutable by convention (the arrays are exposed, not copied).</remarks>
public sealed class ModelOutputs
{
    private const int Chunk = 512;

    private ModelOutputs(double[] loss, double[] probability, double[] confidence)
    {
        Loss = loss;
        Probability = probability;
        Confidence = confidence;
    }

    /// <summary>−log p of each example.</summary>
    public double[] Loss { get; }

    /// <summary>p, the softmax probability of each example's label.</summary>
    public double[] Probability { get; }

    /// <summary>φ = log(p / (1 − p)) of each example's label.</summary>
    public double[] Confidence { get; }

    /// <summary>Runs <paramref name="model"/> on every example of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The model does not take MNIST images or does not output 10 logits.</exception>
    public static ModelOutputs Compute(Sequential model, MnistDataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        Guard.IsTrue(model.InputShape == MnistPreprocessing.ImageShape, nameof(model), $"model '{model.Name}' takes {model.InputShape}, not MNIST images");
        int classes = model.OutputShape.ElementCount;
        Guard.IsTrue(classes == 10, nameof(model), $"model '{model.Name}' outputs {classes} values, not 10 logits");
        int n = data.Count;
        double[] loss = new double[n], probability = new double[n], confidence = new double[n];
        for (int start = 0; start < n; start += Chunk)
        {
            int count = Math.Min(Chunk, n - start);
            Tensor logits = model.PredictNew(MnistPreprocessing.ImagesNew(data, start, count));
            ReadOnlySpan<float> all = logits.Span;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> row = all.Slice(i * classes, classes);
                int label = data.Labels[start + i];
                double logP = LogSoftmax(row, label);
                loss[start + i] = -logP;
                probability[start + i] = Math.Exp(logP);
                confidence[start + i] = Lira.LogitConfidence(row, label);
            }
        }

        return new ModelOutputs(loss, probability, confidence);
    }

    private static double LogSoftmax(ReadOnlySpan<float> row, int label)
    {
        double max = double.NegativeInfinity;
        foreach (float v in row)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (float v in row)
        {
            sum += Math.Exp(v - max);
        }

        return row[label] - max - Math.Log(sum);
    }
}

using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Tensors;

namespace Veil.Mpc.Nn.Training;

/// <summary>
/// Secure training's recipe in the clear, for comparison: the same initial weights, the same
/// <see cref="TrainingSchedule"/> (hence the same batches), half the squared error against one-hot targets with the
/// gradient summed over the batch, and plain SGD with exactly the encoded step size <see cref="LearningRateScale.Value"/>.
/// Any difference between the two runs is then the fixed-point arithmetic's.
/// </summary>
/// <remarks>Thread-safety: stateless; the model is not safe for concurrent use.</remarks>
public static class PlaintextTwin
{
    /// <summary>
    /// Trains <paramref name="model"/> in place on the examples in global order (owner 0's first), calling
    /// <paramref name="epochEnd"/> after each epoch.
    /// </summary>
    /// <exception cref="ArgumentException">The examples do not fit the model, or the options are invalid.</exception>
    public static void Train(Sequential model, OwnerExamples examples, SecureTrainingOptions options, Action<int>? epochEnd = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.IsTrue(examples.InputSize == model.InputShape.ElementCount, nameof(examples), $"holds inputs of {examples.InputSize} values; the model takes {model.InputShape.ElementCount}");
        var schedule = new TrainingSchedule(options.Limit > 0 ? Math.Min(options.Limit, examples.Count) : examples.Count, options.BatchSize, options.Seed);
        var sgd = new Sgd(options.StepSize.Value);
        int size = examples.InputSize;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            int[] order = schedule.Order(epoch);
            for (int b = 0; b < schedule.BatchesPerEpoch; b++)
            {
                ReadOnlySpan<int> batch = schedule.Batch(order, b);
                var inputs = new Tensor(model.InputShape.Prepend(batch.Length));
                var labels = new int[batch.Length];
                for (int i = 0; i < batch.Length; i++)
                {
                    examples.Inputs.AsSpan(batch[i] * size, size).CopyTo(inputs.Span.Slice(i * size, size));
                    labels[i] = examples.Labels[batch[i]];
                }

                Tensor outputs = model.Forward(inputs);
                var gradient = new Tensor(outputs.Shape);
                MeanSquaredError.Compute(outputs, labels, gradient, LossReduction.Sum);
                model.Backward(gradient);
                sgd.Step(model.Parameters);
            }

            epochEnd?.Invoke(epoch);
        }
    }

    /// <summary>The first <paramref name="count"/> examples of an MNIST split, preprocessed (pixel / 255).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The split holds fewer examples.</exception>
    public static OwnerExamples Mnist(MnistDataset data, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        Tensor images = MnistPreprocessing.ImagesNew(data, first, count);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = data.Labels[first + i];
        }

        return new OwnerExamples(images.Span.ToArray(), labels, data.PixelsPerImage);
    }

    /// <summary>The fraction of <paramref name="examples"/> the model classifies correctly.</summary>
    public static double Accuracy(Sequential model, OwnerExamples examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        int size = examples.InputSize, correct = 0;
        for (int start = 0; start < examples.Count; start += Sequential.InferenceChunk)
        {
            int n = Math.Min(Sequential.InferenceChunk, examples.Count - start);
            var inputs = new Tensor(model.InputShape.Prepend(n));
            examples.Inputs.AsSpan(start * size, n * size).CopyTo(inputs.Span);
            var predicted = new int[n];
            model.Classify(inputs, predicted);
            for (int i = 0; i < n; i++)
            {
                correct += predicted[i] == examples.Labels[start + i] ? 1 : 0;
            }
        }

        return examples.Count == 0 ? 0 : (double)correct / examples.Count;
    }
}

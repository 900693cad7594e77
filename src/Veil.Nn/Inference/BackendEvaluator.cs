using System.Diagnostics;
using Veil.Nn.Data;
using Veil.Tensors;

namespace Veil.Nn.Inference;

/// <summary>Evaluates a model's accuracy on the first images of an MNIST split with any backend, and times it.</summary>
/// <remarks>Thread-safety: stateless, safe from any thread (the model is driven by one call at a time).</remarks>
public static class BackendEvaluator
{
    /// <summary>Classifies the first <paramref name="limit"/> images of <paramref name="data"/> (all when 0) with
    /// <paramref name="backend"/> and reports accuracy and time.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="model">The model; it must take MNIST images.</param>
    /// <param name="data">The images and labels (normally the test split).</param>
    /// <param name="limit">How many images, from the first; 0 for all.</param>
    /// <param name="progress">Receives the number of images done after each batch.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="VeilException">The backend cannot run the model, or fails.</exception>
    /// <exception cref="ArgumentException">The model does not take MNIST images.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static EvaluationResult Evaluate(
        IInferenceBackend backend, Sequential model, MnistDataset data, int limit = 0, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Guard.IsTrue(model.InputShape == MnistPreprocessing.ImageShape, nameof(model), $"'{model.Name}' takes {model.InputShape}, not MNIST images");
        if (!backend.Supports(model, out string reason))
        {
            throw new VeilException($"backend '{backend.Name}' cannot run model '{model.Name}': {reason}");
        }

        int count = limit == 0 ? data.Count : Math.Min(limit, data.Count);
        var setup = Stopwatch.StartNew();
        using IInferenceSession session = backend.Open(model);
        double setupSeconds = setup.Elapsed.TotalSeconds;
        int batchSize = Math.Max(1, Math.Min(session.MaxBatchSize, count));
        int classes = model.OutputShape.ElementCount;
        int[] predicted = new int[batchSize];
        int[] plain = new int[batchSize];
        int correct = 0, agree = 0;
        var watch = Stopwatch.StartNew();
        for (int start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(batchSize, count - start);
            Tensor images = MnistPreprocessing.ImagesNew(data, start, n);
            var logits = new Tensor(n, classes);
            session.Infer(images, logits);
            Tensor.ArgMaxRows(logits, predicted.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                correct += predicted[i] == data.Labels[start + i] ? 1 : 0;
            }

            // The plaintext model's classes for the same images, outside the timing: per-image agreement.
            watch.Stop();
            model.Classify(images, plain.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                agree += predicted[i] == plain[i] ? 1 : 0;
            }

            watch.Start();
            progress?.Report(start + n);
        }

        double seconds = watch.Elapsed.TotalSeconds;
        return new EvaluationResult(model.Name, backend.Name, count, correct, seconds, setupSeconds, session.Metrics) { AgreesWithPlaintext = agree };
    }
}

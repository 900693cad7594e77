using System.Diagnostics;
using Veil.Nn.Data;
using Veil.Tensors;

namespace Veil.Nn.Training;

/// <summary>
/// Trains a model on MNIST with softmax cross-entropy: each epoch shuffles the examples with a <see cref="System.Random"/>
/// seeded by <see cref="ShuffleSeed"/> from <see cref="TrainingOptions.Seed"/> and the epoch number, so a run is
/// reproducible from process to process.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use (drives one model).</remarks>
public sealed class Trainer
{
    private const int AugmentationSeedMask = 0x5A5A5A5;

    private readonly Sequential _model;
    private readonly IOptimizer _optimizer;

    /// <summary>Creates a trainer for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public Trainer(Sequential model, TrainingOptions options)
    {
        _model = Guard.NotNull(model);
        Options = Guard.NotNull(options);
        options.Validate();
        _optimizer = options.CreateOptimizer();
    }

    /// <summary>The settings.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Called with the model's parameters after each backward pass and before the optimizer's step, to change
    /// the gradients (e.g. FedProx's proximal term); null for none.</summary>
    public Action<IReadOnlyList<Parameter>>? GradientAdjustment { get; init; }

    /// <summary>Runs every epoch and returns their reports.</summary>
    /// <exception cref="ArgumentException">The model does not take MNIST images.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public IReadOnlyList<EpochReport> Train(MnistDataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var reports = new List<EpochReport>();
        for (int epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            reports.Add(TrainEpoch(data, epoch, progress, cancellationToken));
            _optimizer.LearningRate *= Options.LearningRateDecay;
        }

        return reports;
    }

    /// <summary>Runs one epoch (number <paramref name="epoch"/>, from 1, which seeds its shuffle).</summary>
    /// <exception cref="ArgumentException">The model does not take MNIST images.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public EpochReport TrainEpoch(MnistDataset data, int epoch, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.IsTrue(_model.InputShape == MnistPreprocessing.ImageShape, nameof(data), $"model '{_model.Name}' takes {_model.InputShape}, not MNIST images");
        int count = Options.Limit > 0 ? Math.Min(Options.Limit, data.Count) : data.Count;
        int[] order = Enumerable.Range(0, count).ToArray();
        new System.Random(ShuffleSeed(Options.Seed, epoch)).Shuffle(order);
        var augmentation = new System.Random(unchecked(ShuffleSeed(Options.Seed, epoch) ^ AugmentationSeedMask));
        int batchSize = Math.Min(Options.BatchSize, count);
        int batches = (count + batchSize - 1) / batchSize;
        var stopwatch = Stopwatch.StartNew();
        double lossSum = 0;
        int correct = 0;
        int[] labels = new int[batchSize];
        int[] predicted = new int[batchSize];
        Tensor? images = null;
        Tensor? gradient = null;
        for (int b = 0; b < batches; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int start = b * batchSize;
            int n = Math.Min(batchSize, count - start);
            images = Tensor.Reuse(images, MnistPreprocessing.ImageShape.Prepend(n));
            MnistPreprocessing.Gather(data, order.AsSpan(start, n), images, labels.AsSpan(0, n));
            RandomShift.Apply(images, Options.MaxShift, augmentation);
            Tensor logits = _model.Forward(images);
            Tensor.ArgMaxRows(logits, predicted.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                correct += predicted[i] == labels[i] ? 1 : 0;
            }

            gradient = Tensor.Reuse(gradient, logits.Shape);
            lossSum += SoftmaxCrossEntropy.Compute(logits, labels.AsSpan(0, n), gradient);
            _model.Backward(gradient);
            GradientAdjustment?.Invoke(_model.Parameters);
            _optimizer.Step(_model.Parameters);
            progress?.Report(new TrainingProgress(epoch, Options.Epochs, b + 1, batches, lossSum / (b + 1)));
        }

        return new EpochReport(epoch, lossSum / batches, (double)correct / count, stopwatch.Elapsed.TotalSeconds, count);
    }

    /// <summary>The seed of epoch <paramref name="epoch"/>'s shuffle: a fixed function of the run's seed (not
    /// <see cref="HashCode"/>, which differs from process to process).</summary>
    public static int ShuffleSeed(int seed, int epoch) => unchecked((seed * 1_000_003) + epoch);
}

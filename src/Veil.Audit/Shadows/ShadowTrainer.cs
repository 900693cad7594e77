using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Nn.Zoo;

namespace Veil.Audit.Shadows;

/// <summary>
/// Trains K models of one zoo architecture on random halves of a pool with Veil's <see cref="Trainer"/>, the way
/// Carlini et al. (2022) do for LiRA: every pool point is put in the training set of exactly ⌊K/2⌋ models chosen at
/// random (so each point is IN for half the models, and each model trains on about half the pool).
/// </summary>
/// <remarks>
/// Randomness: the halves and each model's initial weights and shuffling come from seeds (an experiment's subset
/// sampling, not secrets). Thread-safety: immutable settings; each <see cref="Train"/> call works on its own models.
/// </remarks>
public sealed class ShadowTrainer
{
    /// <summary>Configures the training.</summary>
    /// <param name="architecture">The zoo architecture of every model.</param>
    /// <param name="training">Epochs, optimizer and batch size of every model (its seed and limit are replaced per model).</param>
    /// <param name="seed">Seeds the halves and the models.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A training setting is outside its range.</exception>
    public ShadowTrainer(ZooEntry architecture, TrainingOptions training, int seed)
    {
        Architecture = Guard.NotNull(architecture);
        Training = Guard.NotNull(training);
        training.Validate();
        Seed = seed;
    }

    /// <summary>The architecture.</summary>
    public ZooEntry Architecture { get; }

    /// <summary>The training settings.</summary>
    public TrainingOptions Training { get; }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The membership matrix: [model][point], each point IN for exactly ⌊<paramref name="models"/>/2⌋ models.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 models or no point.</exception>
    public bool[][] Halves(int models, int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(models, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        bool[][] isIn = new bool[models][];
        for (int k = 0; k < models; k++)
        {
            isIn[k] = new bool[points];
        }

        var random = new System.Random(Seed);
        int[] order = new int[models];
        for (int i = 0; i < points; i++)
        {
            for (int k = 0; k < models; k++)
            {
                order[k] = k;
            }

            random.Shuffle(order);
            for (int k = 0; k < models / 2; k++)
            {
                isIn[order[k]][i] = true;
            }
        }

        return isIn;
    }

    /// <summary>Trains <paramref name="models"/> models on halves of <paramref name="pool"/> and records their outputs
    /// on the pool and on <paramref name="population"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 models.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public ShadowSet Train(MnistDataset pool, MnistDataset population, int models, IProgress<ShadowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(population);
        bool[][] isIn = Halves(models, pool.Count);
        var poolOutputs = new ModelOutputs[models];
        var populationOutputs = new ModelOutputs[models];
        for (int k = 0; k < models; k++)
        {
            Sequential model = TrainOne(pool, isIn[k], k, models, progress, cancellationToken);
            poolOutputs[k] = ModelOutputs.Compute(model, pool);
            populationOutputs[k] = ModelOutputs.Compute(model, population);
        }

        return new ShadowSet(isIn, poolOutputs, populationOutputs);
    }

    /// <summary>Trains one model on the pool points marked in <paramref name="isIn"/>.</summary>
    /// <exception cref="ArgumentException">No point is marked.</exception>
    public Sequential TrainOne(MnistDataset pool, bool[] isIn, int index, int models = 1, IProgress<ShadowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(isIn);
        int[] members = [.. Enumerable.Range(0, isIn.Length).Where(i => isIn[i])];
        Guard.IsTrue(members.Length > 0, nameof(isIn), "marks no training point");
        int seed = unchecked((Seed * 7919) + index + 1);
        Sequential model = Architecture.Create(seed);
        var trainer = new Trainer(model, Training with { Seed = seed, Limit = 0 });
        IProgress<TrainingProgress>? inner = progress is null ? null : new Forward(p =>
            progress.Report(new ShadowProgress(index + 1, models,
                ((p.Epoch - 1) + ((double)p.Batch / p.Batches)) / p.Epochs)));
        trainer.Train(pool.Subset(members), inner, cancellationToken);
        return model;
    }

    private sealed class Forward(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}

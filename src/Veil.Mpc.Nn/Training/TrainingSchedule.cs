namespace Veil.Mpc.Nn.Training;

/// <summary>
/// The public order of a training run: each epoch shuffles the global example indices with a
/// <see cref="System.Random"/> seeded by the run's seed and the epoch (<see cref="Veil.Nn.Training.Trainer.ShuffleSeed"/>;
/// shuffling is not a secret: which examples form a batch reveals nothing about their content), then cuts the order
/// into batches. Secure training and its plaintext twin use the same schedule, so they see the same batches.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed class TrainingSchedule(int examples, int batchSize, int seed)
{
    /// <summary>The number of examples.</summary>
    public int Examples { get; } = Guard.Positive(examples);

    /// <summary>Examples per batch (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; } = Math.Min(Guard.Positive(batchSize), examples);

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => (Examples + BatchSize - 1) / BatchSize;

    /// <summary>The order of epoch <paramref name="epoch"/> (from 1): a permutation of the global indices.</summary>
    public int[] Order(int epoch)
    {
        int[] order = Enumerable.Range(0, Examples).ToArray();
        new System.Random(Veil.Nn.Training.Trainer.ShuffleSeed(seed, Guard.Positive(epoch))).Shuffle(order);
        return order;
    }

    /// <summary>The global indices of batch <paramref name="batch"/> of an epoch's <paramref name="order"/>.</summary>
    public ReadOnlySpan<int> Batch(int[] order, int batch)
    {
        ArgumentNullException.ThrowIfNull(order);
        int start = Guard.InRange(batch, 0, BatchesPerEpoch - 1) * BatchSize;
        return order.AsSpan(start, Math.Min(BatchSize, Examples - start));
    }
}

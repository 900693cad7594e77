namespace Veil.Nn.Training;

/// <summary>Where a training run is: reported after every batch.</summary>
/// <param name="Epoch">The current epoch, from 1.</param>
/// <param name="Epochs">The number of epochs.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The mean loss over this epoch's batches so far.</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss);

/// <summary>The outcome of one epoch.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Loss">The mean training loss.</param>
/// <param name="TrainingAccuracy">The share of training examples classified correctly during the epoch (0..1).</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="Images">Examples processed.</param>
public readonly record struct EpochReport(int Epoch, double Loss, double TrainingAccuracy, double Seconds, int Images);

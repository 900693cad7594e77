namespace Veil.Mpc.Nn.Training;

/// <summary>What one party measured for one SGD step of secure training.</summary>
/// <remarks>Thread-safety: immutable.</remarks>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">Epochs in all.</param>
/// <param name="Batch">The batch within the epoch, from 1.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Examples">Examples in this batch.</param>
/// <param name="Seconds">Wall time of the step, preprocessing included.</param>
/// <param name="RequestedAhead">Whether the step's correlations were asked for ahead (during the previous step), not on demand.</param>
/// <param name="Bytes">This party's traffic in the step: sent to parties and dealer, received from the dealer.</param>
/// <param name="Rounds">Communication rounds of the step.</param>
public sealed record SecureBatchProgress(int Epoch, int Epochs, int Batch, int Batches, int Examples, double Seconds, bool RequestedAhead, long Bytes, long Rounds);

namespace Veil.Nn.Training;

/// <summary>How a loss combines the examples of a batch.</summary>
public enum LossReduction
{
    /// <summary>The mean over the batch (ordinary training).</summary>
    Mean,

    /// <summary>The sum over the batch: each example's gradient is that of its own loss (DP-SGD's per-example clipping).</summary>
    Sum,
}

namespace Veil.Mpc.Nn.Training;

/// <summary>
/// The recipe of secure training, shared by its plaintext twin: epochs, batch size, learning rate of plain SGD (no
/// momentum) on half the squared error against one-hot targets, the seed of the initial weights and of each epoch's
/// shuffle, and how many training examples take part.
/// </summary>
/// <remarks>A record: change settings with <c>with</c>. Thread-safety: immutable.</remarks>
public sealed record SecureTrainingOptions
{
    /// <summary>Passes over the training examples.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Examples per SGD step (public).</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>The learning rate for the batch-mean gradient: each step subtracts LearningRate / BatchSize times the
    /// sum of the examples' gradients.</summary>
    public double LearningRate { get; init; } = 0.5;

    /// <summary>Seeds the initial weights (public) and each epoch's order (public).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Train on the first this-many training examples (0 = all of the data given).</summary>
    public int Limit { get; init; }

    /// <summary>The step size LearningRate / BatchSize as the public c / 2^s the parties use.</summary>
    public LearningRateScale StepSize => LearningRateScale.For(LearningRate / BatchSize);

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epochs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Epochs, 1000);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BatchSize, 4096);
        ArgumentOutOfRangeException.ThrowIfNegative(Limit);
        if (!(LearningRate > 0 && LearningRate <= 16))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must lie in (0, 16].");
        }

        _ = StepSize;
    }
}

namespace Veil.Nn.Training;

/// <summary>Settings of a training run: epochs, batch size, seed, optimizer and learning-rate schedule.</summary>
/// <remarks>A record: change settings with <c>with</c> (e.g. <c>options with { Epochs = 3 }</c>). Thread-safety: immutable.</remarks>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Examples per optimizer step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Seeds the shuffling (and, through the zoo, the initial weights).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Which optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>The initial step size.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Multiplies the learning rate after each epoch (1 = constant).</summary>
    public double LearningRateDecay { get; init; } = 1;

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Augmentation: each training image is moved by up to this many pixels in each direction
    /// (<see cref="Data.RandomShift"/>; 0 = none).</summary>
    public int MaxShift { get; init; }

    /// <summary>Train on the first this-many training images only (0 = all).</summary>
    public int Limit { get; init; }

    /// <summary>Adam settings with a per-epoch learning-rate decay.</summary>
    public static TrainingOptions Adam(int epochs, double learningRate, double decay) =>
        new() { Optimizer = OptimizerKind.Adam, Epochs = epochs, LearningRate = learningRate, LearningRateDecay = decay };

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRateDecay);
        ArgumentOutOfRangeException.ThrowIfNegative(Momentum);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(Momentum, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay);
        ArgumentOutOfRangeException.ThrowIfNegative(Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxShift);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxShift, Data.RandomShift.MaxShift);
    }

    /// <summary>A new optimizer with these settings.</summary>
    public IOptimizer CreateOptimizer() => Optimizer switch
    {
        OptimizerKind.Sgd => new Sgd(LearningRate, Momentum, WeightDecay),
        _ => new Adam(LearningRate, weightDecay: WeightDecay),
    };
}

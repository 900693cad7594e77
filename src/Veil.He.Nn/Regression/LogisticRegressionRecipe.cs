namespace Veil.He.Nn.Regression;

/// <summary>
/// Full-batch gradient descent for logistic regression with the sigmoid replaced by the degree-3 polynomial
/// σ(z) ≈ 0.5 + 0.197·z − 0.004·z³ (the least-squares fit on [−5, 5] that TenSEAL's encrypted-training tutorial uses):
/// each epoch, w ← w − (η/n)·Σ_i (σ(w·x_i + b) − y_i)·x_i and b ← b − (η/n)·Σ_i (σ(w·x_i + b) − y_i), from zero weights.
/// </summary>
/// <remarks>Thread-safety: an immutable record.</remarks>
public sealed record LogisticRegressionRecipe
{
    /// <summary>σ's constant term.</summary>
    public const double Sigmoid0 = 0.5;

    /// <summary>σ's linear coefficient.</summary>
    public const double Sigmoid1 = 0.197;

    /// <summary>σ's cubic coefficient.</summary>
    public const double Sigmoid3 = -0.004;

    /// <summary>Passes over the data.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>The step size η.</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>The polynomial sigmoid.</summary>
    public static double Sigmoid(double z) => Sigmoid0 + (Sigmoid1 * z) + (Sigmoid3 * z * z * z);

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
    }
}

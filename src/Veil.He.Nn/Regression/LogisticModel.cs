namespace Veil.He.Nn.Regression;

/// <summary>Weights and bias of a logistic regression, in the clear.</summary>
/// <param name="Weights">One weight per feature.</param>
/// <param name="Bias">The bias.</param>
/// <remarks>Thread-safety: immutable once made (do not change the array).</remarks>
public sealed record LogisticModel(double[] Weights, double Bias)
{
    /// <summary>w·x + b.</summary>
    public double Score(ReadOnlySpan<double> features)
    {
        double z = Bias;
        for (int j = 0; j < Weights.Length; j++)
        {
            z += Weights[j] * features[j];
        }

        return z;
    }

    /// <summary>The fraction of <paramref name="data"/> classified correctly (score ≥ 0 ⇒ label 1).</summary>
    public double Accuracy(BinaryDigits data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            correct += (Score(data.Example(i)) >= 0 ? 1 : 0) == (int)data.Label(i) ? 1 : 0;
        }

        return data.Count == 0 ? 0 : (double)correct / data.Count;
    }

    /// <summary>The largest |difference| between this model's parameters and <paramref name="other"/>'s.</summary>
    public double MaxDifference(LogisticModel other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double max = Math.Abs(Bias - other.Bias);
        for (int j = 0; j < Weights.Length; j++)
        {
            max = Math.Max(max, Math.Abs(Weights[j] - other.Weights[j]));
        }

        return max;
    }
}

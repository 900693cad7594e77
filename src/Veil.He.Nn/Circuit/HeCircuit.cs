namespace Veil.He.Nn.Circuit;

/// <summary>
/// A model compiled for encrypted evaluation: a list of stages over vectors of encrypted values, whose last stage gives
/// the logits. Built by <see cref="ModelCompiler"/>.
/// </summary>
/// <remarks>Thread-safety: immutable; safe for concurrent reads.</remarks>
public sealed class HeCircuit
{
    /// <summary>Creates the circuit.</summary>
    public HeCircuit(string modelName, int inputCount, IReadOnlyList<CircuitStage> stages)
    {
        Guard.IsTrue(stages.Count > 0, nameof(stages), "must not be empty");
        ModelName = modelName;
        InputCount = inputCount;
        Stages = stages;
    }

    /// <summary>The model's name.</summary>
    public string ModelName { get; }

    /// <summary>Values per input (pixels).</summary>
    public int InputCount { get; }

    /// <summary>Values per output (classes).</summary>
    public int OutputCount => Stages[^1].Outputs;

    /// <summary>The stages in order.</summary>
    public IReadOnlyList<CircuitStage> Stages { get; }

    /// <summary>The multiplicative depth: the number of stages that consume a level.</summary>
    public int Depth => Stages.Count(s => s.UsesLevel);

    /// <summary>The most values alive at once (a stage's inputs and outputs).</summary>
    public int PeakValues => Stages.Max(s => s.Inputs + s.Outputs);

    /// <summary>Evaluates the circuit in the clear, in double precision (the reference for encrypted results).</summary>
    /// <param name="input">InputCount values.</param>
    /// <returns>OutputCount values.</returns>
    /// <exception cref="ArgumentException">The input has the wrong length.</exception>
    public double[] EvaluatePlain(ReadOnlySpan<double> input)
    {
        Guard.IsTrue(input.Length == InputCount, nameof(input), $"has {input.Length} values; the circuit takes {InputCount}");
        double[] x = input.ToArray();
        foreach (CircuitStage stage in Stages)
        {
            var y = new double[stage.Outputs];
            switch (stage)
            {
                case LinearStage linear:
                    for (int j = 0; j < y.Length; j++)
                    {
                        SparseRow row = linear.Rows[j];
                        double sum = row.Bias;
                        for (int t = 0; t < row.Indices.Length; t++)
                        {
                            sum += row.Weights[t] * x[row.Indices[t]];
                        }

                        y[j] = sum;
                    }

                    break;
                case SquareStage square:
                    for (int j = 0; j < y.Length; j++)
                    {
                        double v = x[j] + square.Offsets[j];
                        y[j] = v * v;
                    }

                    break;
                default:
                    throw new InvalidOperationException($"unknown stage {stage.GetType().Name}");
            }

            x = y;
        }

        return x;
    }
}

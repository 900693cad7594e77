namespace Veil.He.Nn.Circuit;

/// <summary>One step of an encrypted circuit: a map from <see cref="Inputs"/> encrypted values to <see cref="Outputs"/>.</summary>
/// <remarks>Thread-safety: immutable after construction; safe for concurrent reads.</remarks>
public abstract class CircuitStage
{
    private protected CircuitStage(int inputs, int outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>How many values the stage reads.</summary>
    public int Inputs { get; }

    /// <summary>How many values the stage writes.</summary>
    public int Outputs { get; }

    /// <summary>Whether the stage consumes a level (ends with a rescale).</summary>
    public abstract bool UsesLevel { get; }

    /// <summary>One line for plans.</summary>
    public abstract string Describe();
}

/// <summary>One output of a <see cref="LinearStage"/>: Σ_t Weights[t] · x[Indices[t]] + Bias.</summary>
/// <param name="Indices">Input indices, no zero weights.</param>
/// <param name="Weights">One weight per index.</param>
/// <param name="Bias">The constant term.</param>
public sealed record SparseRow(int[] Indices, double[] Weights, double Bias);

/// <summary>
/// A plaintext affine map y = W·x + b applied to encrypted values (composed from consecutive Conv2d, AvgPool2d, Flatten
/// and Linear layers). With <see cref="IntegerWeights"/> (a sum pooling whose 1/k² was folded into the next stage)
/// it is exact and uses no level; otherwise the weights are rounded at the prime dropped by the rescale that follows.
/// </summary>
public sealed class LinearStage : CircuitStage
{
    /// <summary>Creates the stage.</summary>
    public LinearStage(int inputs, IReadOnlyList<SparseRow> rows, bool integerWeights, string source)
        : base(inputs, rows.Count)
    {
        Rows = rows;
        IntegerWeights = integerWeights;
        Source = source;
    }

    /// <summary>The rows of W with their biases.</summary>
    public IReadOnlyList<SparseRow> Rows { get; }

    /// <summary>Whether every weight is an integer and every bias zero (the stage needs no rescale).</summary>
    public bool IntegerWeights { get; }

    /// <summary>The layers it was composed from.</summary>
    public string Source { get; }

    /// <summary>The number of non-zero weights (ciphertext multiply-adds in batch mode).</summary>
    public long NonZeros => Rows.Sum(r => (long)r.Indices.Length);

    /// <inheritdoc />
    public override bool UsesLevel => !IntegerWeights;

    /// <inheritdoc />
    public override string Describe() =>
        $"{(IntegerWeights ? "sum" : "linear")} {Inputs}→{Outputs} ({NonZeros} weights{(IntegerWeights ? ", integer, no level" : string.Empty)}) from {Source}";
}

/// <summary>y_i = (x_i + Offsets[i])²: a square (offsets 0), or a quadratic polynomial a(x + d)² + e whose a and e were
/// folded into the next stage. One ciphertext product, relinearization and rescale per value.</summary>
public sealed class SquareStage : CircuitStage
{
    /// <summary>Creates the stage.</summary>
    public SquareStage(double[] offsets, string source)
        : base(offsets.Length, offsets.Length)
    {
        Offsets = offsets;
        Source = source;
    }

    /// <summary>The constant added to each value before squaring.</summary>
    public IReadOnlyList<double> Offsets { get; }

    /// <summary>The layer it came from.</summary>
    public string Source { get; }

    /// <inheritdoc />
    public override bool UsesLevel => true;

    /// <inheritdoc />
    public override string Describe() => $"square {Inputs} values (ciphertext products) from {Source}";
}

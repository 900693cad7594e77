namespace Veil.Mpc.Nn.Training;

/// <summary>
/// The examples one data owner holds: inputs (float32, row-major, <see cref="InputSize"/> values each) and class labels.
/// Only the owner has them; it secret-shares the rows each batch needs.
/// </summary>
/// <remarks>Thread-safety: immutable after construction (the arrays are taken, not copied).</remarks>
public sealed class OwnerExamples
{
    /// <summary>Wraps an owner's examples.</summary>
    /// <exception cref="ArgumentException">The arrays do not hold the same number of examples.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The input size is not positive.</exception>
    public OwnerExamples(float[] inputs, int[] labels, int inputSize)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        InputSize = Guard.Positive(inputSize);
        Guard.LengthEquals(inputs.Length, labels.Length * inputSize, nameof(inputs));
        Inputs = inputs;
        Labels = labels;
    }

    /// <summary>No examples (a party that owns none).</summary>
    public static OwnerExamples None(int inputSize) => new([], [], inputSize);

    /// <summary>The inputs, row-major.</summary>
    public float[] Inputs { get; }

    /// <summary>One label per example.</summary>
    public int[] Labels { get; }

    /// <summary>Values per input.</summary>
    public int InputSize { get; }

    /// <summary>The number of examples.</summary>
    public int Count => Labels.Length;
}

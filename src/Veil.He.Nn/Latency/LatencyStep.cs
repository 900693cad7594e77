namespace Veil.He.Nn.Latency;

/// <summary>One operation of a latency pass on the image's ciphertext, made for circuit stage <see cref="Stage"/>
/// (a stage may need more than one: an in-place sum followed by a gather).</summary>
/// <param name="Stage">The circuit stage it belongs to (stage times are summed per stage).</param>
/// <remarks>Thread-safety: immutable after construction; safe for concurrent reads.</remarks>
internal abstract record LatencyStep(int Stage)
{
    /// <summary>Whether the step ends with a rescale (consumes a level).</summary>
    public abstract bool UsesLevel { get; }
}

/// <summary>A plaintext matrix product by the diagonal method (one level).</summary>
/// <param name="Stage">The circuit stage.</param>
/// <param name="Matrix">The matrix, with its bias, by slot.</param>
internal sealed record MatrixStep(int Stage, DiagonalMatrix Matrix) : LatencyStep(Stage)
{
    /// <inheritdoc />
    public override bool UsesLevel => true;
}

/// <summary>y = (x + Offsets)² slot by slot (one level).</summary>
/// <param name="Stage">The circuit stage.</param>
/// <param name="Offsets">The offset of every slot (zero where no value lives).</param>
internal sealed record SquareStep(int Stage, double[] Offsets) : LatencyStep(Stage)
{
    /// <inheritdoc />
    public override bool UsesLevel => true;
}

/// <summary>
/// An integer sum pooling done in place: y = x + Σ_δ rot_δ(x) over <see cref="Steps"/>. Each output is left in the slot
/// of its first input (its anchor) and the other slots hold partial sums (garbage that the next step, always a
/// matrix, does not read and zeroes). Rotations and additions only: no plaintext product, no level.
/// </summary>
/// <param name="Stage">The circuit stage.</param>
/// <param name="Steps">The rotation steps δ (the inputs' slots relative to the anchor).</param>
internal sealed record InPlaceSumStep(int Stage, int[] Steps) : LatencyStep(Stage)
{
    /// <inheritdoc />
    public override bool UsesLevel => false;
}

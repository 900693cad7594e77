using Veil.He.Nn.Circuit;

namespace Veil.He.Nn.Latency;

/// <summary>
/// How one image is packed in latency mode and the steps a pass runs on its ciphertext.
/// <list type="bullet">
/// <item>The input: compact (pixel i in slot i), or im2col when the first stage is a convolution whose windows share
/// pixels (TenSEAL's layout): kernel position k of window w in slot k·W + w, a pixel repeated in every window that
/// reads it, so the convolution's matrix has only (kernel size + channels) diagonals.</item>
/// <item>Linear stages: a diagonal-method product (<see cref="DiagonalMatrix"/>) from wherever the inputs sit to
/// compact outputs, or, when the inputs are strided, to the <see cref="OutputPlacement.Anchored"/> layout if that
/// costs less (the last stage is always compact: the client reads logits from slots 0..n−1).</item>
/// <item>Sum poolings: in place (<see cref="InPlaceSum"/>: rotations and additions, no level), the next stage reading
/// the strided results directly; or, when that next stage would cost more than a compaction first (a dense layer on
/// strided inputs has thousands of diagonals), in place and then gathered to compact slots by a one-level matrix of
/// single entries. A pooling that cannot be done in place is a diagonal-method product like other linear stages.</item>
/// </list>
/// </summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
internal sealed class LatencyLayout
{
    /// <summary>The giant stride cap of the compact key set (see <see cref="Build"/>).</summary>
    public const int CompactStride = 16;

    private LatencyLayout(int[] inputSlots, IReadOnlyList<LatencyStep> steps, bool compactKeys)
    {
        InputSlots = inputSlots;
        Steps = steps;
        CompactKeys = compactKeys;
    }

    /// <summary>Whether giant rotations are composed from power-of-two keys (fewer Galois keys, more key switches).</summary>
    public bool CompactKeys { get; }

    /// <summary>Slot s of the uploaded ciphertext holds pixel InputSlots[s] (−1: zero).</summary>
    public int[] InputSlots { get; }

    /// <summary>The steps of a pass, in order.</summary>
    public IReadOnlyList<LatencyStep> Steps { get; }

    /// <summary>The diagonal matrices of the pass, in order.</summary>
    public IEnumerable<DiagonalMatrix> Matrices => Steps.OfType<MatrixStep>().Select(m => m.Matrix);

    /// <summary>Levels a pass consumes.</summary>
    public int Depth => Steps.Count(s => s.UsesLevel);

    /// <summary>Diagonals (plaintext products) of a pass.</summary>
    public int DiagonalCount => Matrices.Sum(m => m.DiagonalCount);

    /// <summary>The Galois key steps: every baby and giant step, or with <see cref="CompactKeys"/> the baby steps below
    /// <see cref="CompactStride"/> and the powers of two from it (giant rotations are then composed from those); and
    /// the in-place sums' steps.</summary>
    public IEnumerable<int> RotationSteps => (CompactKeys
        ? Enumerable.Range(1, CompactStride - 1).Concat(Enumerable.Range(0, 20).Select(k => CompactStride << k).TakeWhile(k => k < Slots))
        : Matrices.SelectMany(m => m.RotationSteps))
        .Concat(Steps.OfType<InPlaceSumStep>().SelectMany(s => s.Steps).Select(s => ((s % Slots) + Slots) % Slots).Where(s => s != 0))
        .Distinct().Order();

    private int Slots => InputSlots.Length;

    /// <exception cref="UnsupportedModelException">A stage does not fit the slots.</exception>
    /// <param name="circuit">The circuit.</param>
    /// <param name="slots">Slots per ciphertext.</param>
    /// <param name="compactKeys">Cap giant strides at <see cref="CompactStride"/> and compose giant rotations from
    /// power-of-two keys: for deep models at N = 16384, whose full key set would not fit in memory.</param>
    public static LatencyLayout Build(HeCircuit circuit, int slots, bool compactKeys = false)
    {
        int maxStride = compactKeys ? CompactStride : slots;
        foreach (CircuitStage stage in circuit.Stages)
        {
            if (stage.Inputs > slots || stage.Outputs > slots)
            {
                throw new UnsupportedModelException($"latency packing needs every layer to fit {slots} slots; '{stage.Describe()}' does not. Use batch mode.");
            }
        }

        var steps = new List<LatencyStep>();
        int[] inputSlots = Enumerable.Range(0, slots).Select(s => s < circuit.InputCount ? s : -1).ToArray();
        int[] valueSlots = OutputPlacement.Compact(circuit.InputCount);
        for (int s = 0; s < circuit.Stages.Count; s++)
        {
            switch (circuit.Stages[s])
            {
                case SquareStage square:
                    double[] offsets = new double[slots];
                    for (int j = 0; j < square.Offsets.Count; j++)
                    {
                        offsets[valueSlots[j]] = square.Offsets[j];
                    }

                    steps.Add(new SquareStep(s, offsets));
                    break;
                case LinearStage linear when s == 0 && Im2Col(linear, slots) is { } windows:
                    // Row j reads its window's k-th pixel from slot k·W + w.
                    var (rowWindow, count) = windows;
                    inputSlots = Enumerable.Repeat(-1, slots).ToArray();
                    for (int j = 0; j < linear.Rows.Count; j++)
                    {
                        int[] indices = linear.Rows[j].Indices;
                        for (int k = 0; k < indices.Length; k++)
                        {
                            inputSlots[(k * count) + rowWindow[j]] = indices[k];
                        }
                    }

                    valueSlots = OutputPlacement.Compact(linear.Outputs);
                    steps.Add(new MatrixStep(s, DiagonalMatrix.Build(slots, linear.Rows.SelectMany((row, j) =>
                        row.Indices.Select((_, k) => (j, (k * count) + rowWindow[j], row.Weights[k]))), Bias(linear, valueSlots, slots), linear.IntegerWeights, maxStride)));
                    break;
                case LinearStage linear when s + 1 < circuit.Stages.Count && circuit.Stages[s + 1] is LinearStage next &&
                    InPlaceSum.TryPlan(linear, valueSlots) is { } inPlace:
                    steps.Add(new InPlaceSumStep(s, inPlace.Steps));
                    valueSlots = inPlace.OutputSlots;
                    int[] compact = OutputPlacement.Compact(linear.Outputs);
                    double gather = DiagonalMatrix.Cost(slots, compact.Select((slot, j) => (slot, valueSlots[j])), maxStride);
                    bool lastNext = s + 2 == circuit.Stages.Count;
                    if (gather + Place(next, compact, slots, maxStride, lastNext).Cost < Place(next, valueSlots, slots, maxStride, lastNext).Cost)
                    {
                        // Compacting first is cheaper than reading the strided sums (a dense layer next).
                        steps.Add(new MatrixStep(s, DiagonalMatrix.Build(slots, compact.Select((slot, j) => (slot, valueSlots[j], 1.0)), new double[slots], integerWeights: false, maxStride)));
                        valueSlots = compact;
                    }

                    break;
                case LinearStage linear:
                    var (placement, _) = Place(linear, valueSlots, slots, maxStride, s == circuit.Stages.Count - 1);
                    int[] from = valueSlots;
                    steps.Add(new MatrixStep(s, DiagonalMatrix.Build(slots, linear.Rows.SelectMany((row, j) =>
                        row.Indices.Select((i, k) => (placement[j], from[i], row.Weights[k]))), Bias(linear, placement, slots), linear.IntegerWeights, maxStride)));
                    valueSlots = placement;
                    break;
                default:
                    throw new InvalidOperationException($"unknown stage {circuit.Stages[s].GetType().Name}");
            }
        }

        return new LatencyLayout(inputSlots, steps, compactKeys);
    }

    /// <summary>The cheaper of the compact and the anchored output placement of <paramref name="stage"/> reading
    /// inputs at <paramref name="inputSlots"/> (compact only for the last stage or compact inputs).</summary>
    private static (int[] Placement, double Cost) Place(LinearStage stage, int[] inputSlots, int slots, int maxStride, bool last)
    {
        int[] compact = OutputPlacement.Compact(stage.Outputs);
        (int[], double) best = (compact, Cost(stage, inputSlots, compact, slots, maxStride));
        bool stridedInputs = inputSlots.Where((slot, i) => slot != i).Any();
        if (!last && stridedInputs && OutputPlacement.Anchored(stage, inputSlots, slots) is { } anchored)
        {
            double cost = Cost(stage, inputSlots, anchored, slots, maxStride);
            if (cost < best.Item2)
            {
                best = (anchored, cost);
            }
        }

        return best;
    }

    private static double Cost(LinearStage stage, int[] inputSlots, int[] outputSlots, int slots, int maxStride) =>
        DiagonalMatrix.Cost(slots, stage.Rows.SelectMany((row, j) => row.Indices.Select(i => (outputSlots[j], inputSlots[i]))), maxStride);

    private static double[] Bias(LinearStage stage, int[] outputSlots, int slots)
    {
        double[] bias = new double[slots];
        for (int j = 0; j < stage.Rows.Count; j++)
        {
            bias[outputSlots[j]] = stage.Rows[j].Bias;
        }

        return bias;
    }

    /// <summary>Groups rows reading the same pixels into windows; null when no window is shared or they do not fit.</summary>
    private static (int[] RowWindow, int Count)? Im2Col(LinearStage stage, int slots)
    {
        var windows = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] rowWindow = new int[stage.Rows.Count];
        int longest = 0;
        for (int j = 0; j < rowWindow.Length; j++)
        {
            int[] indices = stage.Rows[j].Indices;
            string key = string.Join(',', indices);
            if (!windows.TryGetValue(key, out int w))
            {
                w = windows.Count;
                windows[key] = w;
            }

            rowWindow[j] = w;
            longest = Math.Max(longest, indices.Length);
        }

        return windows.Count < rowWindow.Length && (long)longest * windows.Count <= slots ? (rowWindow, windows.Count) : null;
    }
}

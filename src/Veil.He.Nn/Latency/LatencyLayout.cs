using Veil.He.Nn.Circuit;

namespace Veil.He.Nn.Latency;

/// <summary>
/// How one image is packed in latency mode and each stage's diagonal matrix. Values sit compactly in slots 0..n−1,
/// except the input when the first stage is a convolution: then the client packs the image im2col-style (TenSEAL's
/// layout): kernel position k of window w in slot k·W + w, a pixel repeated in every window that reads it, so the
/// convolution's matrix has only (kernel size + channels) diagonals.
/// </summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
internal sealed class LatencyLayout
{
    /// <summary>The giant stride cap of the compact key set (see <see cref="Build"/>).</summary>
    public const int CompactStride = 16;

    private LatencyLayout(int[] inputSlots, IReadOnlyList<DiagonalMatrix?> matrices, bool compactKeys)
    {
        InputSlots = inputSlots;
        Matrices = matrices;
        CompactKeys = compactKeys;
    }

    /// <summary>Whether giant rotations are composed from power-of-two keys (fewer Galois keys, more key switches).</summary>
    public bool CompactKeys { get; }

    /// <summary>Slot s of the uploaded ciphertext holds pixel InputSlots[s] (−1: zero).</summary>
    public int[] InputSlots { get; }

    /// <summary>Per stage, its diagonal matrix (null for square stages).</summary>
    public IReadOnlyList<DiagonalMatrix?> Matrices { get; }

    /// <summary>The Galois key steps: every baby and giant step, or with <see cref="CompactKeys"/> the baby steps below
    /// <see cref="CompactStride"/> and the powers of two from it (giant rotations are then composed from those).</summary>
    public IEnumerable<int> RotationSteps => CompactKeys
        ? Enumerable.Range(1, CompactStride - 1).Concat(Enumerable.Range(0, 20).Select(k => CompactStride << k).TakeWhile(k => k < Slots))
        : Matrices.Where(m => m is not null).SelectMany(m => m!.RotationSteps).Distinct().Order();

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

        var matrices = new DiagonalMatrix?[circuit.Stages.Count];
        int[] inputSlots = Enumerable.Range(0, slots).Select(s => s < circuit.InputCount ? s : -1).ToArray();
        for (int s = 0; s < matrices.Length; s++)
        {
            if (circuit.Stages[s] is not LinearStage linear)
            {
                continue;
            }

            double[] bias = linear.Rows.Select(r => r.Bias).ToArray();
            if (s == 0 && Im2Col(linear, slots) is { } windows)
            {
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

                matrices[s] = DiagonalMatrix.Build(slots, linear.Rows.SelectMany((row, j) =>
                    row.Indices.Select((_, k) => (j, (k * count) + rowWindow[j], row.Weights[k]))), bias, linear.IntegerWeights, maxStride);
            }
            else
            {
                matrices[s] = DiagonalMatrix.Build(slots, linear.Rows.SelectMany((row, j) =>
                    row.Indices.Select((i, k) => (j, i, row.Weights[k]))), bias, linear.IntegerWeights, maxStride);
            }
        }

        return new LatencyLayout(inputSlots, matrices, compactKeys);
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

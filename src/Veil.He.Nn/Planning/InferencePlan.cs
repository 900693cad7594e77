using Veil.He.Nn.Circuit;
using Veil.He.Rlwe;

namespace Veil.He.Nn.Planning;

/// <summary>
/// How a model runs under CKKS: the compiled circuit, the packing, the parameters, the rotation steps whose Galois keys
/// are needed, and the sizes of what travels. Made by <see cref="InferencePlanner"/>; client and server derive the same
/// plan from the same model, so the parameters never need to be sent.
/// </summary>
/// <remarks>Thread-safety: immutable; safe for concurrent reads.</remarks>
public sealed class InferencePlan
{
    internal InferencePlan(HeCircuit circuit, PackingMode mode, ParametersLiteral literal, Parameters parameters, Latency.LatencyLayout? layout)
    {
        Layout = layout;
        Circuit = circuit;
        Mode = mode;
        Literal = literal;
        Parameters = parameters;
        RotationSteps = layout is null ? [] : [.. layout.RotationSteps];
    }

    /// <summary>The latency layout (null in batch mode).</summary>
    internal Latency.LatencyLayout? Layout { get; }

    /// <summary>The compiled model.</summary>
    public HeCircuit Circuit { get; }

    /// <summary>The model's name.</summary>
    public string ModelName => Circuit.ModelName;

    /// <summary>The packing.</summary>
    public PackingMode Mode { get; }

    /// <summary>The parameters as chosen.</summary>
    public ParametersLiteral Literal { get; }

    /// <summary>The validated (128-bit secure) parameters.</summary>
    public Parameters Parameters { get; }

    /// <summary>The multiplicative depth (levels used). In latency mode, the layout's: sum poolings done in place use no
    /// level, and a pooling followed by a compaction (or not done in place) uses one.</summary>
    public int Depth => Layout?.Depth ?? Circuit.Depth;

    /// <summary>Rotation steps whose Galois keys the server needs (none in batch mode).</summary>
    public IReadOnlyList<int> RotationSteps { get; }

    /// <summary>The most images one pass classifies.</summary>
    public int MaxBatchSize => Mode == PackingMode.Batch ? Parameters.Slots : 1;

    /// <summary>What the client needs of this plan (no weights).</summary>
    public Protocol.ClientProfile ClientProfile => new(ModelName, Mode, Circuit.InputCount, Circuit.OutputCount, RotationSteps, MaxBatchSize)
    {
        InputSlots = Layout?.InputSlots ?? [],
    };

    /// <summary>Diagonals (plaintext products) of the linear stages in latency mode.</summary>
    public int DiagonalCount => Layout?.DiagonalCount ?? 0;

    /// <summary>Latency mode: one line per step of a pass (matrices with their diagonals and giant steps, squares,
    /// in-place sums with their rotations); empty in batch mode.</summary>
    public IReadOnlyList<string> LatencySteps => Layout is null ? [] : [.. Layout.Steps.Select(step => $"stage {step.Stage + 1}: " + step switch
    {
        Latency.MatrixStep m => $"matrix, {m.Matrix.DiagonalCount} diagonals, {m.Matrix.Giants.Length} giant steps of {m.Matrix.GiantStride}",
        Latency.InPlaceSumStep sum => $"sum in place, rotations {string.Join(", ", sum.Steps)} (no level)",
        _ => "square",
    })];

    /// <summary>Ciphertexts uploaded per pass.</summary>
    public int InputCiphertexts => Mode == PackingMode.Batch ? Circuit.InputCount : 1;

    /// <summary>Ciphertexts downloaded per pass.</summary>
    public int OutputCiphertexts => Mode == PackingMode.Batch ? Circuit.OutputCount : 1;

    /// <summary>Bytes of one uploaded (seeded, top-level) ciphertext.</summary>
    public long InputCiphertextBytes => SeededSize(Parameters.MaxLevel);

    /// <summary>Bytes of one downloaded ciphertext (at the level where the circuit ends; truncated at level 0).</summary>
    public long OutputCiphertextBytes => Protocol.EncryptedValues.OutputSize(Parameters, Parameters.MaxLevel - Depth, Parameters.DefaultScale);

    /// <summary>Approximate bytes of the evaluation keys (seeded): one relinearization key plus one Galois key per step.</summary>
    public long EvaluationKeyBytes
    {
        get
        {
            long digitRow = 0;
            foreach (ulong q in Parameters.Q.Concat(Parameters.P))
            {
                digitRow += ((long)Parameters.N * (64 - System.Numerics.BitOperations.LeadingZeroCount(q)) + 7) / 8;
            }

            long key = Parameters.DigitCount(Parameters.MaxLevel) * digitRow;
            return key * (1 + RotationSteps.Count);
        }
    }

    /// <summary>Approximate bytes a round trip holds at its peak: in batch mode the largest stage's input and output
    /// ciphertexts; in latency mode the evaluation keys (expanded in memory, on both sides of a transfer: about four
    /// times their seeded size), the diagonals in double precision and the cache of encoded diagonals.</summary>
    public long PeakMemoryBytes => Mode == PackingMode.Batch
        ? (long)Circuit.PeakValues * 2 * (Parameters.MaxLevel + 1) * Parameters.N * sizeof(ulong)
        : (4 * EvaluationKeyBytes) + ((long)DiagonalCount * Parameters.Slots * sizeof(double)) +
          Math.Min(Latency.LatencyCircuitRunner.CacheBudget, (long)DiagonalCount * Parameters.MaxLevel * Parameters.N * sizeof(ulong));

    /// <summary>Whether a round trip fits in a quarter of the memory available to the process (the machine is shared);
    /// otherwise <paramref name="reason"/> says why.</summary>
    public bool FitsMemory(out string reason)
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (PeakMemoryBytes > available / 4)
        {
            string advice = Mode == PackingMode.Batch ? "use latency mode" : $"its {RotationSteps.Count} Galois keys take about {EvaluationKeyBytes / 1048576.0:F0} MiB even seeded";
            reason = $"{Mode.ToString().ToLowerInvariant()} packing of '{ModelName}' would hold about {PeakMemoryBytes / 1073741824.0:F1} GiB at once " +
                $"(this machine has {available / 1073741824.0:F1} GiB); {advice}";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    private long SeededSize(int level)
    {
        long full = new Ciphertext(Parameters, 1, level, Parameters.DefaultScale).SerializedSize;
        long row = 0;
        for (int i = 0; i <= level; i++)
        {
            row += ((long)Parameters.N * (64 - System.Numerics.BitOperations.LeadingZeroCount(Parameters.Q[i])) + 7) / 8;
        }

        return full - row + Veil.Random.AesCtrPrg.SeedSize;
    }
}

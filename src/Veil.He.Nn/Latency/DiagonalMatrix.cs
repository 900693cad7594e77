namespace Veil.He.Nn.Latency;

/// <summary>
/// A plaintext matrix laid out for the diagonal method over the S slots of a ciphertext: y[j] = Σ_d D_d[j] · x[j + d]
/// (indices mod S), with the diagonals split baby-step giant-step (d = g·G + b) and each diagonal pre-rotated by −g·G,
/// so y = Σ_g rot_{gG}(Σ_b D'_{g,b} ⊙ rot_b(x)): one hoisted rotation per baby step, one rotation per giant step
/// (summed Horner-style, by the gap to the next giant step).
/// Only non-zero diagonals are kept.
/// </summary>
/// <remarks>Thread-safety: immutable after construction; safe for concurrent reads.</remarks>
internal sealed class DiagonalMatrix
{
    /// <summary>A key switch against a diagonal product (multiply-add, and the encoding when it is not cached).</summary>
    private const double RotationCost = 4;

    private DiagonalMatrix(int slots, int giantStride, int[] babySteps, (int Giant, (int Baby, double[] Diagonal)[] Terms)[] giants, double[] bias, bool integerWeights)
    {
        Slots = slots;
        GiantStride = giantStride;
        BabySteps = babySteps;
        Giants = giants;
        Bias = bias;
        IntegerWeights = integerWeights;
    }

    public int Slots { get; }

    public int GiantStride { get; }

    /// <summary>Distinct baby steps b (including 0 when used).</summary>
    public int[] BabySteps { get; }

    /// <summary>Per giant step g: the pre-rotated diagonals D'_{g,b}.</summary>
    public (int Giant, (int Baby, double[] Diagonal)[] Terms)[] Giants { get; }

    /// <summary>The bias by slot.</summary>
    public double[] Bias { get; }

    public bool IntegerWeights { get; }

    public int DiagonalCount => Giants.Sum(g => g.Terms.Length);

    /// <summary>Rotation steps this matrix needs keys for: the baby steps, every giant step g·G (where a thread's run of
    /// giant steps starts) and the gaps between consecutive giant steps (Horner accumulation).</summary>
    public IEnumerable<int> RotationSteps =>
        BabySteps.Where(b => b != 0)
            .Concat(Enumerable.Range(0, Giants.Length).Select(GiantStep))
            .Concat(Enumerable.Range(1, Math.Max(0, Giants.Length - 1)).Select(i => GiantStep(i) - GiantStep(i - 1)))
            .Select(s => s % Slots).Where(s => s != 0);

    /// <summary>The rotation of giant step <paramref name="index"/>: g·G slots.</summary>
    public int GiantStep(int index) => Giants[index].Giant * GiantStride;

    /// <summary>Builds the matrix from its non-zero entries: the output in slot outputSlot gets weight · x[inputSlot];
    /// giant strides are at most <paramref name="maxStride"/> (babies stay below it).</summary>
    /// <param name="slots">Slots per ciphertext.</param>
    /// <param name="entries">The non-zero entries, by slot.</param>
    /// <param name="bias">The bias by slot (zero where no output lives).</param>
    /// <param name="integerWeights">Whether the weights are integers.</param>
    /// <param name="maxStride">The giant stride cap.</param>
    public static DiagonalMatrix Build(int slots, IEnumerable<(int OutputSlot, int InputSlot, double Weight)> entries, double[] bias, bool integerWeights, int maxStride)
    {
        var diagonals = new Dictionary<int, double[]>();
        foreach (var (j, slot, w) in entries)
        {
            int d = ((slot - j) % slots + slots) % slots;
            if (!diagonals.TryGetValue(d, out double[]? diagonal))
            {
                diagonal = new double[slots];
                diagonals[d] = diagonal;
            }

            diagonal[j] += w;
        }

        int[] ds = [.. diagonals.Keys.Order()];
        int stride = BestStride(ds, Math.Min(slots, maxStride));
        int[] babies = [.. ds.Select(d => d % stride).Distinct().Order()];
        var giants = ds.GroupBy(d => d / stride).OrderBy(g => g.Key).Select(group =>
        {
            int shift = group.Key * stride;
            (int, double[])[] terms = [.. group.Select(d =>
            {
                // D'[j] = D[(j − shift) mod S].
                double[] source = diagonals[d], rotated = new double[slots];
                for (int j = 0; j < slots; j++)
                {
                    rotated[j] = source[((j - shift) % slots + slots) % slots];
                }

                return (d % stride, rotated);
            })];
            return (group.Key, terms);
        }).ToArray();
        return new DiagonalMatrix(slots, stride, babies, giants, bias, integerWeights);
    }

    /// <summary>The estimated cost of the matrix with these entries, in diagonal products: each diagonal costs one,
    /// each rotation (a giant one, or half of it for a hoisted baby) <see cref="RotationCost"/>.</summary>
    public static double Cost(int slots, IEnumerable<(int OutputSlot, int InputSlot)> entries, int maxStride)
    {
        int[] ds = [.. entries.Select(e => ((e.InputSlot - e.OutputSlot) % slots + slots) % slots).Distinct().Order()];
        int stride = BestStride(ds, Math.Min(slots, maxStride));
        return ds.Length + (RotationCost * RotationCount(ds, stride));
    }

    private static double RotationCount(int[] ds, int g) =>
        (0.5 * ds.Select(d => d % g).Distinct().Count()) + ds.Select(d => d / g).Distinct().Count();

    /// <summary>The giant stride G (a power of two) minimizing rotations: giant rotations cost a full key switch, baby
    /// rotations about half (they share one decomposition).</summary>
    private static int BestStride(int[] ds, int maxStride)
    {
        int best = 1;
        double bestCost = double.MaxValue;
        for (int g = 1; g <= maxStride; g *= 2)
        {
            double cost = RotationCount(ds, g);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = g;
            }
        }

        return best;
    }
}

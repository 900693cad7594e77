using Veil.He.Nn.Circuit;

namespace Veil.He.Nn.Latency;

/// <summary>
/// Where a linear stage writes its outputs when its inputs sit at strided slots (after an in-place pooling). A
/// convolution reading (channel, row, column) at slots c·C + r·R + x·X costs few diagonals only if its outputs keep
/// the strides R and X: output (o, y, x) in the slot of its window's anchor (its input in the lowest slot) plus a shift
/// per output channel. The shifts are chosen greedily, channel by channel, as the free one that adds the fewest new
/// diagonals (so they come out as multiples of the input channels' spacing, interleaved in the gaps when the slots run
/// out), which turns the strided layout's gaps into the convolution's compaction for free.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class OutputPlacement
{
    /// <summary>Outputs 0..n−1 in slots 0..n−1.</summary>
    public static int[] Compact(int outputs) => [.. Enumerable.Range(0, outputs)];

    /// <summary>The anchored placement described above, or null when the outputs do not fit the slots.</summary>
    /// <param name="stage">The linear stage.</param>
    /// <param name="inputSlots">The slot of each of its inputs.</param>
    /// <param name="slots">Slots per ciphertext.</param>
    public static int[]? Anchored(LinearStage stage, int[] inputSlots, int slots)
    {
        int outputs = stage.Rows.Count;
        int[] anchors = new int[outputs], member = new int[outputs];
        var groupSize = new Dictionary<int, int>();
        for (int j = 0; j < outputs; j++)
        {
            int[] indices = stage.Rows[j].Indices;
            anchors[j] = indices.Length == 0 ? 0 : indices.Min(i => inputSlots[i]);
            member[j] = groupSize.GetValueOrDefault(anchors[j]);
            groupSize[anchors[j]] = member[j] + 1;
        }

        int[] placement = new int[outputs];
        bool[] used = new bool[slots];
        var diagonals = new HashSet<int>();
        int[] votes = new int[slots];
        int members = groupSize.Values.Max();
        for (int k = 0; k < members; k++)
        {
            int[] rows = [.. Enumerable.Range(0, outputs).Where(j => member[j] == k)];
            int[] relative = [.. rows.SelectMany(j => stage.Rows[j].Indices.Select(i => inputSlots[i] - anchors[j])).Distinct()];

            // A shift s adds the diagonals (r − s) not yet used: count, for each shift, the offsets it would reuse.
            Array.Clear(votes);
            foreach (int r in relative)
            {
                foreach (int d in diagonals)
                {
                    votes[Mod(r - d, slots)]++;
                }
            }

            int shift = Enumerable.Range(0, slots).OrderByDescending(s => votes[s]).ThenBy(s => s)
                .FirstOrDefault(s => rows.All(j => !used[Mod(anchors[j] + s, slots)]), -1);
            if (shift < 0)
            {
                return null;
            }

            foreach (int j in rows)
            {
                placement[j] = Mod(anchors[j] + shift, slots);
                used[placement[j]] = true;
            }

            foreach (int r in relative)
            {
                diagonals.Add(Mod(r - shift, slots));
            }
        }

        return placement;
    }

    private static int Mod(int a, int m) => ((a % m) + m) % m;
}

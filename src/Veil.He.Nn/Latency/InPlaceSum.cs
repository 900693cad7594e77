using Veil.He.Nn.Circuit;

namespace Veil.He.Nn.Latency;

/// <summary>
/// Decides whether an integer sum stage (a sum pooling) can be done in place on a slot layout: every output must add
/// inputs with weight 1 that sit at the same offsets δ from the output's anchor (its input in the lowest slot), as a
/// k×k pooling does on a (channel, row, column) layout with gaps: offsets {0, 1, W, W + 1} for 2×2 on rows of W slots.
/// Then y = x + Σ_δ rot_δ(x) leaves output j in its anchor's slot, with no diagonal matrix and no level.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class InPlaceSum
{
    /// <summary>The rotation steps (non-zero offsets) and each output's slot, or null when the stage is not such a sum.</summary>
    /// <param name="stage">The sum stage.</param>
    /// <param name="inputSlots">The slot of each of the stage's inputs.</param>
    public static (int[] Steps, int[] OutputSlots)? TryPlan(LinearStage stage, int[] inputSlots)
    {
        if (!stage.IntegerWeights || stage.Rows.Count == 0)
        {
            return null;
        }

        int[]? offsets = null;
        int[] outputSlots = new int[stage.Rows.Count];
        var taken = new HashSet<int>();
        for (int j = 0; j < outputSlots.Length; j++)
        {
            SparseRow row = stage.Rows[j];
            if (row.Bias != 0 || row.Weights.Any(w => w != 1) || row.Indices.Length == 0)
            {
                return null;
            }

            int anchor = row.Indices.Min(i => inputSlots[i]);
            int[] relative = [.. row.Indices.Select(i => inputSlots[i] - anchor).Order()];
            if (offsets is null)
            {
                offsets = relative;
            }
            else if (!offsets.AsSpan().SequenceEqual(relative))
            {
                return null;
            }

            if (!taken.Add(anchor))
            {
                return null;
            }

            outputSlots[j] = anchor;
        }

        return ([.. offsets!.Where(d => d != 0)], outputSlots);
    }
}

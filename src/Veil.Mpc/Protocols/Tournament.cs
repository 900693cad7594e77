using Veil.Mpc.Kernels;

namespace Veil.Mpc.Protocols;

/// <summary>
/// The maximum (and optionally its position) of k candidate vectors, by a tournament: each level pairs candidates
/// (a, b), computes s = [b &gt; a] = NOT [a - b &gt;= 0] for all pairs of the level at once, and keeps
/// a + s (b - a) (and the index likewise, selected by the same bit in the same round). ceil(log2 k) levels of eight
/// rounds each. Ties keep the earlier candidate, as argmax conventionally does.
/// </summary>
internal static class Tournament
{
    /// <summary>Reduces <paramref name="values"/> (k vectors of equal length) to their elementwise maximum and, if given, the winning indices.</summary>
    public static (ulong[] Max, ulong[]? Index) Run(MpcContext context, List<ulong[]> values, List<ulong[]>? indices)
    {
        int length = values[0].Length;
        while (values.Count > 1)
        {
            int pairs = values.Count / 2;
            int total = pairs * length;
            var difference = new ulong[total];
            var indexDifference = indices is null ? null : new ulong[total];
            for (int p = 0; p < pairs; p++)
            {
                // a - b for the comparison; b - a is its negation, used for the selection.
                RingKernels.Subtract(values[2 * p], values[(2 * p) + 1], difference.AsSpan(p * length, length));
                if (indices is not null)
                {
                    RingKernels.Subtract(indices[(2 * p) + 1], indices[2 * p], indexDifference.AsSpan(p * length, length));
                }
            }

            // s = [b > a] = NOT [a - b >= 0].
            ulong[] bits = Comparison.NonNegativeShares(context, difference);
            if (context.PartyId == 0)
            {
                for (int i = 0; i < bits.Length; i++)
                {
                    bits[i] = ~bits[i];
                }
            }

            RingKernels.Negate(difference, difference);
            ulong[][] selected = Selection.MultiplyShares(context, bits, total, indexDifference is null ? [difference] : [difference, indexDifference]);
            var nextValues = new List<ulong[]>(pairs + 1);
            var nextIndices = indices is null ? null : new List<ulong[]>(pairs + 1);
            for (int p = 0; p < pairs; p++)
            {
                var winner = new ulong[length];
                RingKernels.Add(values[2 * p], selected[0].AsSpan(p * length, length), winner);
                nextValues.Add(winner);
                if (nextIndices is not null)
                {
                    var index = new ulong[length];
                    RingKernels.Add(indices![2 * p], selected[1].AsSpan(p * length, length), index);
                    nextIndices.Add(index);
                }
            }

            if (values.Count % 2 == 1)
            {
                nextValues.Add(values[^1]);
                nextIndices?.Add(indices![^1]);
            }

            values = nextValues;
            indices = nextIndices;
        }

        return (values[0], indices?[0]);
    }
}

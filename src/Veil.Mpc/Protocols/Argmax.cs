using Veil.Mpc.Kernels;

namespace Veil.Mpc.Protocols;

/// <summary>
/// The position of the largest value along the last axis of a shared tensor (for example the predicted class of each
/// row of logits [B, K]) in a constant number of rounds, by comparing all pairs at once instead of a tournament:
/// <list type="number">
/// <item>c_ij = [x_i &gt;= x_j] for every pair i &lt; j of every row, in one comparison (seven rounds);</item>
/// <item>i beats j when c_ij (for i &lt; j) or NOT c_ji (for i &gt; j), so ties go to the lower index and exactly one
/// candidate beats all others; w_i = AND over j of "i beats j", by a tree of bit-packed ANDs (ceil(log2(K - 1))
/// rounds);</item>
/// <item>the index sum_i i w_i and the maximum sum_i w_i x_i by one selection (one round).</item>
/// </list>
/// Twelve rounds for ten classes (a tournament needs 32), for K(K-1)/2 comparisons per row instead of K - 1.
/// Rows longer than <see cref="AllPairsLimit"/> use the tournament (8 ceil(log2 K) rounds), which stays linear.
/// </summary>
/// <remarks>Thread-safety: stateless; each call runs on the calling party's context thread.</remarks>
public static class Argmax
{
    /// <summary>The longest row compared all pairs at once; longer rows use a tournament.</summary>
    public const int AllPairsLimit = 16;

    /// <summary>The argmax (shared integers, no fractional bits) and the maximum of each row; shapes drop the last axis.</summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static ArgmaxResult Compute(SharedTensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        MpcContext context = x.Context;
        int k = x.Shape[-1];
        int rows = x.Count / k;
        var rowShape = x.Shape.Rank == 1 ? new TensorShape(1) : new TensorShape(x.Shape.Dimensions.AsSpan(0, x.Shape.Rank - 1));
        using var scope = context.Stats.Measure("argmax");
        ReadOnlySpan<ulong> shares = x.Shares;

        // Candidate-major copies: values[i * rows + r] = x[r, i].
        var values = new ulong[k * rows];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < k; i++)
            {
                values[(i * rows) + r] = shares[(r * k) + i];
            }
        }

        if (k > AllPairsLimit)
        {
            var columns = Enumerable.Range(0, k).Select(i => values.AsSpan(i * rows, rows).ToArray()).ToList();
            var positions = Enumerable.Range(0, k).Select(i => Enumerable.Repeat(context.PartyId == 0 ? (ulong)i : 0UL, rows).ToArray()).ToList();
            var (best, position) = Tournament.Run(context, columns, positions);
            return new ArgmaxResult(new SharedTensor(context, rowShape, position!, 0), new SharedTensor(context, rowShape, best, x.FractionalBits));
        }

        bool[] winners = k == 1 ? [] : Winners(context, values, k, rows);
        ulong[] winnerWords = k == 1 ? OnesForPartyZero(context, rows) : Pack(winners);

        // Index and maximum: sum over i of w_i * i and w_i * x_i, in one selection.
        var indices = new ulong[k * rows];
        if (context.PartyId == 0)
        {
            for (int i = 0; i < k; i++)
            {
                indices.AsSpan(i * rows, rows).Fill((ulong)i);
            }
        }

        ulong[][] selected = Selection.MultiplyShares(context, winnerWords, k * rows, [values, indices]);
        var max = new ulong[rows];
        var index = new ulong[rows];
        for (int i = 0; i < k; i++)
        {
            RingKernels.Add(max, selected[0].AsSpan(i * rows, rows), max);
            RingKernels.Add(index, selected[1].AsSpan(i * rows, rows), index);
        }

        return new ArgmaxResult(
            new SharedTensor(context, rowShape, index, 0),
            new SharedTensor(context, rowShape, max, x.FractionalBits));
    }

    /// <summary>This party's XOR shares of w_i for every candidate and row, candidate-major.</summary>
    private static bool[] Winners(MpcContext context, ulong[] values, int k, int rows)
    {
        // c_ij = [x_i - x_j >= 0] for i < j, all pairs and rows in one comparison.
        int pairs = k * (k - 1) / 2;
        var differences = new ulong[pairs * rows];
        var pairIndex = new int[k, k];
        for (int i = 0, p = 0; i < k; i++)
        {
            for (int j = i + 1; j < k; j++, p++)
            {
                pairIndex[i, j] = p;
                RingKernels.Subtract(values.AsSpan(i * rows, rows), values.AsSpan(j * rows, rows), differences.AsSpan(p * rows, rows));
            }
        }

        ulong[] comparisons = Comparison.NonNegativeShares(context, differences);
        bool flip = context.PartyId == 0;

        // For each candidate, its K - 1 "beats" bits per row; then AND them down, all candidates in each round.
        var lists = new List<bool[]>[k];
        for (int i = 0; i < k; i++)
        {
            lists[i] = [];
            for (int j = 0; j < k; j++)
            {
                if (i == j)
                {
                    continue;
                }

                int p = i < j ? pairIndex[i, j] : pairIndex[j, i];
                var beats = new bool[rows];
                for (int r = 0; r < rows; r++)
                {
                    // i beats j: c_ij for i < j, NOT c_ji for i > j (party 0 flips its share).
                    beats[r] = BitPlanes.Get(comparisons, (p * rows) + r) ^ (i > j && flip);
                }

                lists[i].Add(beats);
            }
        }

        while (lists[0].Count > 1)
        {
            var left = new List<bool>();
            var right = new List<bool>();
            foreach (var list in lists)
            {
                for (int t = 0; t + 1 < list.Count; t += 2)
                {
                    left.AddRange(list[t]);
                    right.AddRange(list[t + 1]);
                }
            }

            var products = new SharedBits(context, left.Count, Pack([.. left]))
                .And(new SharedBits(context, right.Count, Pack([.. right])));
            int offset = 0;
            for (int i = 0; i < k; i++)
            {
                var next = new List<bool[]>();
                for (int t = 0; t + 1 < lists[i].Count; t += 2, offset += rows)
                {
                    next.Add(Enumerable.Range(offset, rows).Select(b => BitPlanes.Get(products.Words, b)).ToArray());
                }

                if (lists[i].Count % 2 == 1)
                {
                    next.Add(lists[i][^1]);
                }

                lists[i] = next;
            }
        }

        return lists.SelectMany(list => list[0]).ToArray();
    }

    private static ulong[] OnesForPartyZero(MpcContext context, int rows) =>
        Pack(Enumerable.Repeat(context.PartyId == 0, rows).ToArray());

    private static ulong[] Pack(bool[] bits)
    {
        var words = new ulong[BitPlanes.WordsFor(bits.Length)];
        for (int i = 0; i < bits.Length; i++)
        {
            words[i >> 6] |= (bits[i] ? 1UL : 0UL) << (i & 63);
        }

        return words;
    }
}

/// <summary>The result of <see cref="Argmax.Compute"/>.</summary>
/// <param name="Indices">The winning positions, as shared integers (no fractional bits).</param>
/// <param name="Values">The maxima, at the input's fractional bits.</param>
public sealed record ArgmaxResult(SharedTensor Indices, SharedTensor Values);

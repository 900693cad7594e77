namespace Veil.Mpc.Protocols;

/// <summary>
/// The position of the largest value along the last axis of a shared tensor (for example the predicted class of
/// each row of logits [B, K]), by a <see cref="Tournament"/> that carries the indices along: ceil(log2 K) levels of
/// eight rounds (32 for ten classes). Ties go to the lower index.
/// </summary>
public static class Argmax
{
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
        var values = new List<ulong[]>(k);
        var indices = new List<ulong[]>(k);
        ReadOnlySpan<ulong> shares = x.Shares;
        for (int j = 0; j < k; j++)
        {
            var column = new ulong[rows];
            for (int r = 0; r < rows; r++)
            {
                column[r] = shares[(r * k) + j];
            }

            values.Add(column);

            // The candidate's index is public: party 0 holds it, the others hold zero.
            var index = new ulong[rows];
            if (context.PartyId == 0)
            {
                Array.Fill(index, (ulong)j);
            }

            indices.Add(index);
        }

        var (max, winner) = Tournament.Run(context, values, indices);
        return new ArgmaxResult(
            new SharedTensor(context, rowShape, winner!, 0),
            new SharedTensor(context, rowShape, max, x.FractionalBits));
    }
}

/// <summary>The result of <see cref="Argmax.Compute"/>.</summary>
/// <param name="Indices">The winning positions, as shared integers (no fractional bits).</param>
/// <param name="Values">The maxima, at the input's fractional bits.</param>
public sealed record ArgmaxResult(SharedTensor Indices, SharedTensor Values);

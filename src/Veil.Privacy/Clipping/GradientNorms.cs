using System.Runtime.Intrinsics;

namespace Veil.Privacy.Clipping;

/// <summary>
/// L2 norms of (per-example) gradients, accumulated in double precision so that the clipping factor computed from a
/// norm bounds the clipped vector's true norm (a float accumulation over a million coordinates can be off by 1e-4).
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class GradientNorms
{
    /// <summary>sqrt(sum_i v[i]^2), squares summed in double.</summary>
    public static double L2Norm(ReadOnlySpan<float> vector) => Math.Sqrt(SquaredNorm(vector));

    /// <summary>sqrt(sum_i v[i]^2).</summary>
    public static double L2Norm(ReadOnlySpan<double> vector)
    {
        double sum = 0;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && vector.Length >= Vector512<double>.Count)
        {
            Vector512<double> accumulator = Vector512<double>.Zero;
            for (; i <= vector.Length - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                Vector512<double> v = Vector512.Create(vector.Slice(i, Vector512<double>.Count));
                accumulator = Vector512.FusedMultiplyAdd(v, v, accumulator);
            }

            sum = Vector512.Sum(accumulator);
        }

        for (; i < vector.Length; i++)
        {
            sum += vector[i] * vector[i];
        }

        return Math.Sqrt(sum);
    }

    /// <summary>sum_i v[i]^2 in double.</summary>
    public static double SquaredNorm(ReadOnlySpan<float> vector)
    {
        double sum = 0;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && vector.Length >= Vector512<float>.Count)
        {
            Vector512<double> accumulator = Vector512<double>.Zero;
            for (; i <= vector.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                (Vector512<double> low, Vector512<double> high) = Vector512.Widen(Vector512.Create(vector.Slice(i, Vector512<float>.Count)));
                accumulator = Vector512.FusedMultiplyAdd(low, low, accumulator);
                accumulator = Vector512.FusedMultiplyAdd(high, high, accumulator);
            }

            sum = Vector512.Sum(accumulator);
        }

        for (; i < vector.Length; i++)
        {
            sum += (double)vector[i] * vector[i];
        }

        return sum;
    }

    /// <summary>The L2 norm of each row of a row-major matrix: norms[r] = ||rows[r * columns .. (r + 1) * columns)||.</summary>
    /// <exception cref="ArgumentException">The sizes do not match (rows.Length != norms.Length * columns).</exception>
    public static void RowNorms(ReadOnlySpan<float> rows, int columns, Span<double> norms)
    {
        Guard.Positive(columns);
        Guard.LengthEquals(rows.Length, norms.Length * columns, nameof(rows));
        for (int r = 0; r < norms.Length; r++)
        {
            norms[r] = L2Norm(rows.Slice(r * columns, columns));
        }
    }

    /// <summary>Each example's whole-gradient norm from its per-layer norms:
    /// totals[i] = sqrt(sum_l layerNorms[i * layers + l]^2).</summary>
    /// <exception cref="ArgumentException">The sizes do not match.</exception>
    public static void CombineLayers(ReadOnlySpan<double> layerNorms, int layers, Span<double> totals)
    {
        Guard.Positive(layers);
        Guard.LengthEquals(layerNorms.Length, totals.Length * layers, nameof(layerNorms));
        for (int i = 0; i < totals.Length; i++)
        {
            totals[i] = L2Norm(layerNorms.Slice(i * layers, layers));
        }
    }
}

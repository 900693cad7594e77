namespace Veil.Privacy.Clipping;

/// <summary>
/// Scaling and summing per-example gradients stored as a row-major matrix (one row per example, one column per
/// parameter of a layer): the step of DP-SGD between clipping factors and noise.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class ClippedSum
{
    /// <summary>destination[j] += sum_i factors[i * stride + offset] * rows[i * columns + j], with
    /// columns = destination.Length, accumulated in double per row and rounded once per element.</summary>
    /// <param name="rows">examples x columns, row-major.</param>
    /// <param name="factors">The factor matrix (examples x stride), of which column <paramref name="offset"/> is used.</param>
    /// <param name="stride">Factors per example (the number of layers; 1 for a plain vector of factors).</param>
    /// <param name="offset">The layer's column in the factor matrix.</param>
    /// <param name="destination">The running sum for this layer.</param>
    /// <exception cref="ArgumentException">The sizes do not match.</exception>
    public static void Accumulate(ReadOnlySpan<float> rows, ReadOnlySpan<double> factors, int stride, int offset, Span<float> destination)
    {
        Guard.Positive(stride);
        Guard.InRange(offset, 0, stride - 1);
        int columns = destination.Length;
        Guard.IsTrue(columns > 0 && rows.Length % columns == 0, nameof(rows), "is not a whole number of rows");
        int examples = rows.Length / columns;
        Guard.LengthEquals(factors.Length, examples * stride, nameof(factors));
        double[] rented = System.Buffers.ArrayPool<double>.Shared.Rent(columns);
        Span<double> sum = rented.AsSpan(0, columns);
        sum.Clear();
        for (int i = 0; i < examples; i++)
        {
            double factor = factors[(i * stride) + offset];
            ReadOnlySpan<float> row = rows.Slice(i * columns, columns);
            for (int j = 0; j < columns; j++)
            {
                sum[j] += factor * row[j];
            }
        }

        for (int j = 0; j < columns; j++)
        {
            destination[j] = (float)(destination[j] + sum[j]);
        }

        System.Buffers.ArrayPool<double>.Shared.Return(rented);
    }

    /// <summary>rows[i * columns + j] *= factors[i * stride + offset]: clips each example's gradient in place.</summary>
    /// <exception cref="ArgumentException">The sizes do not match.</exception>
    public static void ScaleRows(Span<float> rows, int columns, ReadOnlySpan<double> factors, int stride, int offset)
    {
        Guard.Positive(columns);
        Guard.Positive(stride);
        Guard.InRange(offset, 0, stride - 1);
        Guard.IsTrue(rows.Length % columns == 0, nameof(rows), "is not a whole number of rows");
        int examples = rows.Length / columns;
        Guard.LengthEquals(factors.Length, examples * stride, nameof(factors));
        for (int i = 0; i < examples; i++)
        {
            float factor = (float)factors[(i * stride) + offset];
            System.Numerics.Tensors.TensorPrimitives.Multiply(rows.Slice(i * columns, columns), factor, rows.Slice(i * columns, columns));
        }
    }
}

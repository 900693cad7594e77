using Veil.Mpc.Kernels;

namespace Veil.Mpc;

/// <summary>
/// Local (communication-free) rearrangements of shared tensors that training needs: transposes for the gradient
/// products (dW = Xᵀ δ, dX = δ Wᵀ), row concatenation of batches shared by several data owners, column sums for bias
/// gradients, exact rescaling to more fractional bits, and re-reading the encoding at another scale. Every party
/// applies the same map to its shares, so the shared values undergo it too (all maps are linear over Z_2^64).
/// </summary>
/// <remarks>Thread-safety: stateless; the tensors' context thread only.</remarks>
public static class SharedLayout
{
    /// <summary>The transpose of a matrix [m, n] as a new [n, m] tensor (local).</summary>
    /// <exception cref="ArgumentException">The tensor is not a matrix.</exception>
    public static SharedTensor Transpose(SharedTensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Guard.IsTrue(matrix.Shape.Rank == 2, nameof(matrix), $"has shape {matrix.Shape}; a matrix is needed");
        int m = matrix.Shape[0], n = matrix.Shape[1];
        var result = new ulong[matrix.Count];
        ReadOnlySpan<ulong> source = matrix.Shares;
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<ulong> row = source.Slice(i * n, n);
            for (int j = 0; j < n; j++)
            {
                result[(j * m) + i] = row[j];
            }
        }

        return new SharedTensor(matrix.Context, new TensorShape(n, m), result, matrix.FractionalBits);
    }

    /// <summary>
    /// The tensors stacked along their first axis (local): [a, ...] and [b, ...] give [a + b, ...]. A batch whose
    /// examples several owners shared, each its own rows, becomes one tensor.
    /// </summary>
    /// <exception cref="ArgumentException">No tensor is given.</exception>
    /// <exception cref="ParameterMismatchException">The tensors differ in context, fractional bits or trailing dimensions.</exception>
    public static SharedTensor ConcatRows(IReadOnlyList<SharedTensor> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        Guard.IsTrue(parts.Count > 0, nameof(parts), "must hold at least one tensor");
        SharedTensor first = parts[0];
        int rows = 0, count = 0;
        foreach (SharedTensor part in parts)
        {
            first.CheckCompatible(part, requireSameShape: false);
            if (part.Shape.Rank != first.Shape.Rank || !part.Shape.Dimensions.AsSpan()[1..].SequenceEqual(first.Shape.Dimensions.AsSpan()[1..]))
            {
                throw new ParameterMismatchException($"Stacking tensors of shapes {first.Shape} and {part.Shape}.");
            }

            rows += part.Shape[0];
            count += part.Count;
        }

        var result = new ulong[count];
        int offset = 0;
        foreach (SharedTensor part in parts)
        {
            part.Shares.CopyTo(result.AsSpan(offset));
            offset += part.Count;
        }

        return new SharedTensor(first.Context, new TensorShape([rows, .. first.Shape.Dimensions.AsSpan()[1..]]), result, first.FractionalBits);
    }

    /// <summary>The sum of the rows of a matrix [m, n] as a vector [n] (local): a bias gradient from a batch's deltas.</summary>
    /// <exception cref="ArgumentException">The tensor is not a matrix.</exception>
    public static SharedTensor SumRows(SharedTensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Guard.IsTrue(matrix.Shape.Rank == 2, nameof(matrix), $"has shape {matrix.Shape}; a matrix is needed");
        int m = matrix.Shape[0], n = matrix.Shape[1];
        var result = new ulong[n];
        ReadOnlySpan<ulong> source = matrix.Shares;
        for (int i = 0; i < m; i++)
        {
            RingKernels.Add(result, source.Slice(i * n, n), result);
        }

        return new SharedTensor(matrix.Context, new TensorShape(n), result, matrix.FractionalBits);
    }

    /// <summary>
    /// The sums over every axis but the second of [N, C, ...] as a vector [C] (local): a convolution's bias gradient
    /// from its output deltas. For a matrix [m, n] this is <see cref="SumRows"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has rank below 2.</exception>
    public static SharedTensor SumChannels(SharedTensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        Guard.IsTrue(x.Shape.Rank >= 2, nameof(x), $"has shape {x.Shape}; [N, C, ...] is needed");
        int n = x.Shape[0], c = x.Shape[1], inner = x.Count / (n * c);
        var result = new ulong[c];
        ReadOnlySpan<ulong> source = x.Shares;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < c; j++)
            {
                ulong sum = 0;
                foreach (ulong value in source.Slice(((i * c) + j) * inner, inner))
                {
                    sum += value;
                }

                result[j] += sum;
            }
        }

        return new SharedTensor(x.Context, new TensorShape(c), result, x.FractionalBits);
    }

    /// <summary>
    /// [A, B, ...] to [B, A, ...] (local): swaps the batch and channel axes of activations, or the output and input
    /// channels of a kernel, which turns a convolution's weight gradient and input gradient into convolutions.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has rank below 2.</exception>
    public static SharedTensor SwapLeadingAxes(SharedTensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        Guard.IsTrue(x.Shape.Rank >= 2, nameof(x), $"has shape {x.Shape}; rank 2 or more is needed");
        int a = x.Shape[0], b = x.Shape[1], inner = x.Count / (a * b);
        var result = new ulong[x.Count];
        ReadOnlySpan<ulong> source = x.Shares;
        for (int i = 0; i < a; i++)
        {
            for (int j = 0; j < b; j++)
            {
                source.Slice(((i * b) + j) * inner, inner).CopyTo(result.AsSpan(((j * a) + i) * inner, inner));
            }
        }

        int[] dimensions = [.. x.Shape.Dimensions];
        (dimensions[0], dimensions[1]) = (dimensions[1], dimensions[0]);
        return new SharedTensor(x.Context, new TensorShape(dimensions), result, x.FractionalBits);
    }

    /// <summary>A kernel [O, C, KH, KW] rotated by 180° in its two spatial axes (local), for a convolution's input gradient.</summary>
    /// <exception cref="ArgumentException">The tensor is not rank 4.</exception>
    public static SharedTensor FlipSpatial(SharedTensor kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Guard.IsTrue(kernel.Shape.Rank == 4, nameof(kernel), $"has shape {kernel.Shape}; [O, C, KH, KW] is needed");
        int planes = kernel.Shape[0] * kernel.Shape[1], kh = kernel.Shape[2], kw = kernel.Shape[3], area = kh * kw;
        var result = new ulong[kernel.Count];
        ReadOnlySpan<ulong> source = kernel.Shares;
        for (int p = 0; p < planes; p++)
        {
            for (int k = 0; k < area; k++)
            {
                result[(p * area) + (area - 1 - k)] = source[(p * area) + k];
            }
        }

        return kernel.With(result, kernel.FractionalBits);
    }

    /// <summary>
    /// The same values with <paramref name="bits"/> more fractional bits (local and exact: a multiplication by 2^bits),
    /// e.g. a bias at f lifted to the 2f of the product it is added to.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The result would carry more than 62 fractional bits.</exception>
    public static SharedTensor Lift(SharedTensor x, int bits)
    {
        ArgumentNullException.ThrowIfNull(x);
        Guard.InRange(bits, 0, 62 - x.FractionalBits);
        var result = new ulong[x.Count];
        RingKernels.MultiplyScalar(x.Shares, 1UL << bits, result);
        return x.With(result, x.FractionalBits + bits);
    }

    /// <summary>
    /// The same ring elements read with <paramref name="fractionalBits"/> fractional bits (local, no arithmetic):
    /// after multiplying by a public integer c, reading the product with s more bits divides the value by 2^s, so a
    /// public real factor c / 2^s costs no more than the truncation that follows. The shares are not copied.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fractionalBits"/> is outside [0, 62].</exception>
    public static SharedTensor Reinterpret(SharedTensor x, int fractionalBits)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.With(x.Buffer, Guard.InRange(fractionalBits, 0, 62));
    }
}

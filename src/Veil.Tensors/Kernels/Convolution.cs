using System.Runtime.CompilerServices;

namespace Veil.Tensors.Kernels;

/// <summary>
/// The data movement around a convolution computed as a matrix product: im2col, col2im, and the permutations
/// between the NCHW layout and the product's [channels, batch·pixels] layout.
/// </summary>
/// <remarks>
/// The im2col matrix has <see cref="ConvolutionGeometry.PatchSize"/> rows, one per (channel c, kernel row u,
/// kernel column v) in that order, and <see cref="ConvolutionGeometry.ColumnCount"/> columns, one per (image n,
/// output row y, output column x):
/// <c>col[(c·k + u)·k + v, n·P + y·OW + x] = input[n, c, y·s − pad + u, x·s − pad + v]</c>, zero outside the image.
/// A convolution is then <c>out[oc, n·P + q] = Σ_r W[oc, r] · col[r, n·P + q]</c>.
/// Thread-safety: stateless; the methods split work between cores internally.
/// </remarks>
public static class Convolution
{
    /// <summary>Fills <paramref name="columns"/> with the im2col matrix of <paramref name="input"/> (NCHW).</summary>
    /// <exception cref="ArgumentException">A span's length does not match the geometry.</exception>
    public static void Im2Col(ReadOnlySpan<float> input, in ConvolutionGeometry g, Span<float> columns)
    {
        Guard.LengthEquals(input.Length, g.Batch * g.ImageSize, nameof(input));
        Guard.LengthEquals(columns.Length, g.PatchSize * g.ColumnCount, nameof(columns));
        unsafe
        {
            fixed (float* pin = input)
            fixed (float* pcol = columns)
            {
                nint inAddress = (nint)pin;
                nint colAddress = (nint)pcol;
                ConvolutionGeometry geometry = g;
                ParallelRange.For(g.PatchSize, g.ColumnCount, (start, end) =>
                {
                    for (int r = start; r < end; r++)
                    {
                        Im2ColRow((float*)inAddress, geometry, r, (float*)colAddress + ((long)r * geometry.ColumnCount));
                    }
                });
            }
        }
    }

    /// <summary>Adds the im2col-shaped <paramref name="columns"/> back onto <paramref name="input"/> (NCHW): the
    /// adjoint of <see cref="Im2Col"/>, used for the input gradient. Set <paramref name="input"/> to zero first to get the gradient alone.</summary>
    /// <exception cref="ArgumentException">A span's length does not match the geometry.</exception>
    public static void Col2ImAdd(ReadOnlySpan<float> columns, in ConvolutionGeometry g, Span<float> input)
    {
        Guard.LengthEquals(input.Length, g.Batch * g.ImageSize, nameof(input));
        Guard.LengthEquals(columns.Length, g.PatchSize * g.ColumnCount, nameof(columns));
        unsafe
        {
            fixed (float* pin = input)
            fixed (float* pcol = columns)
            {
                nint inAddress = (nint)pin;
                nint colAddress = (nint)pcol;
                ConvolutionGeometry geometry = g;
                int rowsPerChannel = g.KernelSize * g.KernelSize;

                // Rows of one channel write the same input plane, so channels are the unit of parallel work.
                ParallelRange.For(g.Channels, (long)rowsPerChannel * g.ColumnCount, (start, end) =>
                {
                    for (int r = start * rowsPerChannel; r < end * rowsPerChannel; r++)
                    {
                        Col2ImRow((float*)colAddress + ((long)r * geometry.ColumnCount), geometry, r, (float*)inAddress);
                    }
                });
            }
        }
    }

    /// <summary>
    /// Writes the product layout <paramref name="product"/>[oc, n·P + q] into <paramref name="output"/>[n, oc, q] (NCHW),
    /// adding <paramref name="bias"/>[oc] when the bias is not empty.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length does not match.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ProductToNchw(ReadOnlySpan<float> product, ReadOnlySpan<float> bias, int batch, int channels, int pixels, Span<float> output)
    {
        Guard.LengthEquals(product.Length, batch * channels * pixels, nameof(product));
        Guard.LengthEquals(output.Length, product.Length, nameof(output));
        Guard.IsTrue(bias.IsEmpty || bias.Length == channels, nameof(bias), $"must be empty or hold {channels} values");
        for (int oc = 0; oc < channels; oc++)
        {
            float b = bias.IsEmpty ? 0f : bias[oc];
            for (int n = 0; n < batch; n++)
            {
                ReadOnlySpan<float> from = product.Slice(((oc * batch) + n) * pixels, pixels);
                Span<float> to = output.Slice(((n * channels) + oc) * pixels, pixels);
                if (b == 0f)
                {
                    from.CopyTo(to);
                }
                else
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(from, b, to);
                }
            }
        }
    }

    /// <summary>Writes <paramref name="nchw"/>[n, oc, q] into the product layout <paramref name="product"/>[oc, n·P + q].</summary>
    /// <exception cref="ArgumentException">A span's length does not match.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NchwToProduct(ReadOnlySpan<float> nchw, int batch, int channels, int pixels, Span<float> product)
    {
        Guard.LengthEquals(nchw.Length, batch * channels * pixels, nameof(nchw));
        Guard.LengthEquals(product.Length, nchw.Length, nameof(product));
        for (int n = 0; n < batch; n++)
        {
            for (int oc = 0; oc < channels; oc++)
            {
                nchw.Slice(((n * channels) + oc) * pixels, pixels).CopyTo(product.Slice(((oc * batch) + n) * pixels, pixels));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Im2ColRow(float* input, in ConvolutionGeometry g, int r, float* row)
    {
        var (c, u, v, x0, x1) = DecodeRow(g, r);
        int oh = g.OutputHeight;
        int ow = g.OutputWidth;
        for (int n = 0; n < g.Batch; n++)
        {
            float* plane = input + ((long)n * g.ImageSize) + ((long)c * g.Height * g.Width);
            for (int y = 0; y < oh; y++)
            {
                float* to = row + ((long)n * g.OutputPixels) + (y * ow);
                int iy = (y * g.Stride) - g.Padding + u;
                if ((uint)iy >= (uint)g.Height || x0 >= x1)
                {
                    new Span<float>(to, ow).Clear();
                    continue;
                }

                float* from = plane + (iy * g.Width) - g.Padding + v;
                for (int x = 0; x < x0; x++)
                {
                    to[x] = 0f;
                }

                if (g.Stride == 1)
                {
                    new ReadOnlySpan<float>(from + x0, x1 - x0).CopyTo(new Span<float>(to + x0, x1 - x0));
                }
                else
                {
                    for (int x = x0; x < x1; x++)
                    {
                        to[x] = from[x * g.Stride];
                    }
                }

                for (int x = x1; x < ow; x++)
                {
                    to[x] = 0f;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Col2ImRow(float* row, in ConvolutionGeometry g, int r, float* input)
    {
        var (c, u, v, x0, x1) = DecodeRow(g, r);
        int oh = g.OutputHeight;
        int ow = g.OutputWidth;
        for (int n = 0; n < g.Batch; n++)
        {
            float* plane = input + ((long)n * g.ImageSize) + ((long)c * g.Height * g.Width);
            for (int y = 0; y < oh; y++)
            {
                int iy = (y * g.Stride) - g.Padding + u;
                if ((uint)iy >= (uint)g.Height)
                {
                    continue;
                }

                float* from = row + ((long)n * g.OutputPixels) + (y * ow);
                float* to = plane + (iy * g.Width) - g.Padding + v;
                if (g.Stride == 1)
                {
                    var target = new Span<float>(to + x0, Math.Max(0, x1 - x0));
                    System.Numerics.Tensors.TensorPrimitives.Add(target, new ReadOnlySpan<float>(from + x0, target.Length), target);
                }
                else
                {
                    for (int x = x0; x < x1; x++)
                    {
                        to[x * g.Stride] += from[x];
                    }
                }
            }
        }
    }

    /// <summary>Row r of the im2col matrix: its channel c, kernel row u, kernel column v, and the output columns [x0, x1) whose input
    /// column lies inside the image.</summary>
    private static (int C, int U, int V, int X0, int X1) DecodeRow(in ConvolutionGeometry g, int r)
    {
        int k = g.KernelSize;
        int v = r % k;
        ValidRange(v, g.Stride, g.Padding, g.Width, g.OutputWidth, out int x0, out int x1);
        return (r / (k * k), (r / k) % k, v, x0, x1);
    }

    /// <summary>The output columns x in [x0, x1) whose input column x·stride − pad + v lies inside the image.</summary>
    private static void ValidRange(int v, int stride, int padding, int width, int outputWidth, out int x0, out int x1)
    {
        // x·s − pad + v ≥ 0  ⇔  x ≥ ceil((pad − v) / s);   x·s − pad + v ≤ width − 1  ⇔  x ≤ floor((width − 1 + pad − v) / s).
        int low = padding - v;
        x0 = low <= 0 ? 0 : (low + stride - 1) / stride;
        int high = width - 1 + padding - v;
        x1 = high < 0 ? 0 : Math.Min(outputWidth, (high / stride) + 1);
        x0 = Math.Min(x0, outputWidth);
    }
}

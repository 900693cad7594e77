using System.Runtime.CompilerServices;
namespace Veil.Mpc.Kernels;

/// <summary>
/// 2-D convolution over Z_2^64 (cross-correlation, as in every NN library), by im2col and <see cref="RingMatMul"/>:
/// for each image, <c>output[o, l] += sum_q kernel[o, q] * columns[q, l]</c> with q running over (channel, ky, kx)
/// and l over output positions. Convolution is bilinear, which is what Beaver's trick needs.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class RingConv2d
{
    /// <summary><c>output += conv(input, kernel)</c> for every image of the batch.</summary>
    public static void ConvolveAdd(Conv2dShape shape, ReadOnlySpan<ulong> input, ReadOnlySpan<ulong> kernel, Span<ulong> output)
    {
        Guard.LengthEquals(input.Length, shape.InputCount, nameof(input));
        Guard.LengthEquals(kernel.Length, shape.KernelCount, nameof(kernel));
        Guard.LengthEquals(output.Length, shape.OutputCount, nameof(output));
        int patch = shape.InChannels * shape.KernelHeight * shape.KernelWidth;
        int positions = shape.OutHeight * shape.OutWidth;
        int imageIn = shape.InChannels * shape.Height * shape.Width;
        int imageOut = shape.OutChannels * positions;
        var columns = new ulong[patch * positions];
        for (int image = 0; image < shape.Batch; image++)
        {
            Im2Col(shape, input.Slice(image * imageIn, imageIn), columns);
            RingMatMul.MultiplyAdd(kernel, columns, output.Slice(image * imageOut, imageOut), shape.OutChannels, patch, positions);
        }
    }

    /// <summary>Returns <c>conv(input, kernel)</c> in a new array.</summary>
    public static ulong[] Convolve(Conv2dShape shape, ReadOnlySpan<ulong> input, ReadOnlySpan<ulong> kernel)
    {
        var output = new ulong[shape.OutputCount];
        ConvolveAdd(shape, input, kernel, output);
        return output;
    }

    /// <summary>
    /// Unfolds one image [C, H, W] into columns [C * KH * KW, OH * OW]: row (c, ky, kx), column (oy, ox) holds
    /// input[c, oy * stride + ky - pad, ox * stride + kx - pad], or zero in the padding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Im2Col(Conv2dShape shape, ReadOnlySpan<ulong> image, Span<ulong> columns)
    {
        int oh = shape.OutHeight, ow = shape.OutWidth, h = shape.Height, w = shape.Width, s = shape.Stride, pad = shape.Padding;
        int row = 0;
        for (int c = 0; c < shape.InChannels; c++)
        {
            ReadOnlySpan<ulong> plane = image.Slice(c * h * w, h * w);
            for (int ky = 0; ky < shape.KernelHeight; ky++)
            {
                for (int kx = 0; kx < shape.KernelWidth; kx++, row++)
                {
                    Span<ulong> target = columns.Slice(row * oh * ow, oh * ow);
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int y = (oy * s) + ky - pad;
                        Span<ulong> line = target.Slice(oy * ow, ow);
                        if ((uint)y >= (uint)h)
                        {
                            line.Clear();
                            continue;
                        }

                        ReadOnlySpan<ulong> source = plane.Slice(y * w, w);
                        for (int ox = 0; ox < ow; ox++)
                        {
                            int x = (ox * s) + kx - pad;
                            line[ox] = (uint)x < (uint)w ? source[x] : 0UL;
                        }
                    }
                }
            }
        }
    }
}

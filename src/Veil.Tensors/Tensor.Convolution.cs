using System.Buffers;
using Veil.Tensors.Kernels;

namespace Veil.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as in every deep-learning library) of an NCHW batch:
    /// <c>destination[n, o, y, x] = bias[o] + Σ_{c,u,v} weight[o, c, u, v] · input[n, c, y·s − p + u, x·s − p + v]</c>,
    /// zero outside the image. Computed as im2col and one matrix product.
    /// </summary>
    /// <param name="input">[N, C, H, W].</param>
    /// <param name="weight">[O, C, k, k].</param>
    /// <param name="bias">[O], or null for none.</param>
    /// <param name="stride">Step s on both axes.</param>
    /// <param name="padding">Zeros p on each side.</param>
    /// <param name="destination">[N, O, OH, OW] with OH = (H + 2p − k)/s + 1 and likewise OW.</param>
    /// <exception cref="ArgumentNullException">A required tensor is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    public static void Conv2d(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, Tensor destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ConvolutionGeometry g = ConvGeometry(input, weight, bias, stride, padding);
        int outChannels = weight.Shape[0];
        Guard.IsTrue(destination.Shape == new TensorShape(g.Batch, outChannels, g.OutputHeight, g.OutputWidth), nameof(destination),
            $"has shape {destination.Shape}; expected [{g.Batch}, {outChannels}, {g.OutputHeight}, {g.OutputWidth}]");
        int colLength = g.PatchSize * g.ColumnCount;
        int productLength = outChannels * g.ColumnCount;
        float[] col = ArrayPool<float>.Shared.Rent(colLength);
        float[] product = ArrayPool<float>.Shared.Rent(productLength);
        try
        {
            Convolution.Im2Col(input.Span, g, col.AsSpan(0, colLength));
            Gemm.Multiply(outChannels, g.ColumnCount, g.PatchSize, weight.Span, g.PatchSize, false, col, g.ColumnCount, false, product, g.ColumnCount);
            Convolution.ProductToNchw(product.AsSpan(0, productLength), bias is null ? default : bias.Span, g.Batch, outChannels, g.OutputPixels, destination.Span);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(col);
            ArrayPool<float>.Shared.Return(product);
        }
    }

    /// <summary>Allocating twin of <see cref="Conv2d"/>.</summary>
    /// <exception cref="ArgumentNullException">A required tensor is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    public static Tensor Conv2dNew(Tensor input, Tensor weight, Tensor? bias, int stride, int padding)
    {
        ConvolutionGeometry g = ConvGeometry(input, weight, bias, stride, padding);
        var result = new Tensor(g.Batch, weight.Shape[0], g.OutputHeight, g.OutputWidth);
        Conv2d(input, weight, bias, stride, padding, result);
        return result;
    }

    /// <summary>Max pooling of an NCHW batch over k x k windows with step <paramref name="stride"/>, no padding.</summary>
    /// <exception cref="ArgumentNullException">A tensor is null.</exception>
    /// <exception cref="ArgumentException">The input is not rank 4, the window does not fit, or the destination has the wrong shape.</exception>
    public static void MaxPool2d(Tensor input, int kernelSize, int stride, Tensor destination)
    {
        var (planes, h, w) = PoolShape(input, kernelSize, stride, destination);
        int[] argmax = ArrayPool<int>.Shared.Rent(destination.Length);
        try
        {
            Pooling.MaxPool(input.Span, planes, h, w, kernelSize, stride, destination.Span, argmax.AsSpan(0, destination.Length));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(argmax);
        }
    }

    /// <summary>Average pooling of an NCHW batch over k x k windows with step <paramref name="stride"/>, no padding.</summary>
    /// <exception cref="ArgumentNullException">A tensor is null.</exception>
    /// <exception cref="ArgumentException">The input is not rank 4, the window does not fit, or the destination has the wrong shape.</exception>
    public static void AvgPool2d(Tensor input, int kernelSize, int stride, Tensor destination)
    {
        var (planes, h, w) = PoolShape(input, kernelSize, stride, destination);
        Pooling.AvgPool(input.Span, planes, h, w, kernelSize, stride, destination.Span);
    }

    /// <summary>Allocating twin of <see cref="MaxPool2d"/>.</summary>
    /// <exception cref="ArgumentNullException">The input is null.</exception>
    /// <exception cref="ArgumentException">The input is not rank 4 or the window does not fit.</exception>
    public static Tensor MaxPool2dNew(Tensor input, int kernelSize, int stride)
    {
        Tensor result = PoolDestination(input, kernelSize, stride);
        MaxPool2d(input, kernelSize, stride, result);
        return result;
    }

    /// <summary>Allocating twin of <see cref="AvgPool2d"/>.</summary>
    /// <exception cref="ArgumentNullException">The input is null.</exception>
    /// <exception cref="ArgumentException">The input is not rank 4 or the window does not fit.</exception>
    public static Tensor AvgPool2dNew(Tensor input, int kernelSize, int stride)
    {
        Tensor result = PoolDestination(input, kernelSize, stride);
        AvgPool2d(input, kernelSize, stride, result);
        return result;
    }

    private static Tensor PoolDestination(Tensor input, int kernelSize, int stride)
    {
        ArgumentNullException.ThrowIfNull(input);
        Guard.IsTrue(input.Rank == 4, nameof(input), $"has shape {input.Shape}; NCHW is needed");
        var (oh, ow) = Pooling.OutputSize(input.Shape[2], input.Shape[3], kernelSize, stride);
        return new Tensor(input.Shape[0], input.Shape[1], oh, ow);
    }

    private static (int Planes, int Height, int Width) PoolShape(Tensor input, int kernelSize, int stride, Tensor destination)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(destination);
        Guard.IsTrue(input.Rank == 4, nameof(input), $"has shape {input.Shape}; NCHW is needed");
        var (oh, ow) = Pooling.OutputSize(input.Shape[2], input.Shape[3], kernelSize, stride);
        Guard.IsTrue(destination.Shape == new TensorShape(input.Shape[0], input.Shape[1], oh, ow), nameof(destination),
            $"has shape {destination.Shape}; expected [{input.Shape[0]}, {input.Shape[1]}, {oh}, {ow}]");
        return (input.Shape[0] * input.Shape[1], input.Shape[2], input.Shape[3]);
    }

    private static ConvolutionGeometry ConvGeometry(Tensor input, Tensor weight, Tensor? bias, int stride, int padding)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        Guard.IsTrue(input.Rank == 4, nameof(input), $"has shape {input.Shape}; NCHW is needed");
        Guard.IsTrue(weight.Rank == 4 && weight.Shape[2] == weight.Shape[3], nameof(weight), $"has shape {weight.Shape}; [O, C, k, k] is needed");
        Guard.IsTrue(weight.Shape[1] == input.Shape[1], nameof(weight), $"has {weight.Shape[1]} input channels; the input has {input.Shape[1]}");
        Guard.IsTrue(bias is null || bias.Shape == new TensorShape(weight.Shape[0]), nameof(bias), $"must have shape [{weight.Shape[0]}]");
        return new ConvolutionGeometry(input.Shape[0], input.Shape[1], input.Shape[2], input.Shape[3], weight.Shape[2], stride, padding);
    }
}

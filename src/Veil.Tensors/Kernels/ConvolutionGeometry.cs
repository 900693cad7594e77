namespace Veil.Tensors.Kernels;

/// <summary>
/// The sizes of a 2-D convolution (or pooling window) over a batch of images in NCHW layout, and of its im2col
/// matrix. Square kernel, the same stride and zero padding on both axes.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
public readonly record struct ConvolutionGeometry
{
    /// <summary>Describes a convolution and checks that the kernel fits the padded image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the padding is negative.</exception>
    /// <exception cref="ArgumentException">The kernel is larger than the padded image.</exception>
    public ConvolutionGeometry(int batch, int channels, int height, int width, int kernelSize, int stride, int padding)
    {
        Batch = Guard.NotNegative(batch);
        Channels = Guard.Positive(channels);
        Height = Guard.Positive(height);
        Width = Guard.Positive(width);
        KernelSize = Guard.Positive(kernelSize);
        Stride = Guard.Positive(stride);
        Padding = Guard.NotNegative(padding);
        Guard.IsTrue(kernelSize <= height + (2 * padding) && kernelSize <= width + (2 * padding), nameof(kernelSize),
            $"{kernelSize} is larger than the padded {height + (2 * padding)} x {width + (2 * padding)} image");
    }

    /// <summary>Images in the batch.</summary>
    public int Batch { get; }

    /// <summary>Input channels.</summary>
    public int Channels { get; }

    /// <summary>Input height.</summary>
    public int Height { get; }

    /// <summary>Input width.</summary>
    public int Width { get; }

    /// <summary>Kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows, on both axes.</summary>
    public int Stride { get; }

    /// <summary>Zeros added on each side, on both axes.</summary>
    public int Padding { get; }

    /// <summary>Output height: <c>(H + 2·padding − k) / stride + 1</c>.</summary>
    public int OutputHeight => ((Height + (2 * Padding) - KernelSize) / Stride) + 1;

    /// <summary>Output width: <c>(W + 2·padding − k) / stride + 1</c>.</summary>
    public int OutputWidth => ((Width + (2 * Padding) - KernelSize) / Stride) + 1;

    /// <summary>Output pixels per image and channel.</summary>
    public int OutputPixels => OutputHeight * OutputWidth;

    /// <summary>Rows of the im2col matrix: one per (channel, kernel row, kernel column).</summary>
    public int PatchSize => Channels * KernelSize * KernelSize;

    /// <summary>Columns of the im2col matrix: one per (image, output row, output column).</summary>
    public int ColumnCount => Batch * OutputPixels;

    /// <summary>Elements of one input image.</summary>
    public int ImageSize => Channels * Height * Width;
}

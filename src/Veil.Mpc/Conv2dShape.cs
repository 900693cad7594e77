namespace Veil.Mpc;

/// <summary>
/// The shape of a 2-D convolution: input [Batch, InChannels, Height, Width] (NCHW), kernel
/// [OutChannels, InChannels, KernelHeight, KernelWidth], the same stride and zero padding on both axes, and output
/// [Batch, OutChannels, OutHeight, OutWidth]. The dealer builds convolution triples for exactly this shape.
/// </summary>
/// <remarks>Thread-safety: immutable, safe from any thread.</remarks>
public sealed record Conv2dShape
{
    /// <summary>Creates and validates a convolution shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, padding is negative, or the kernel does not fit the padded input.</exception>
    public Conv2dShape(int batch, int inChannels, int height, int width, int outChannels, int kernelHeight, int kernelWidth, int stride = 1, int padding = 0)
    {
        Batch = Guard.Positive(batch);
        InChannels = Guard.Positive(inChannels);
        Height = Guard.Positive(height);
        Width = Guard.Positive(width);
        OutChannels = Guard.Positive(outChannels);
        KernelHeight = Guard.Positive(kernelHeight);
        KernelWidth = Guard.Positive(kernelWidth);
        Stride = Guard.Positive(stride);
        Padding = Guard.NotNegative(padding);
        Guard.InRange(kernelHeight, 1, height + (2 * padding));
        Guard.InRange(kernelWidth, 1, width + (2 * padding));
        long input = (long)batch * inChannels * height * width;
        long output = (long)batch * outChannels * OutHeight * OutWidth;
        long columns = (long)inChannels * kernelHeight * kernelWidth * OutHeight * OutWidth;
        if (input > int.MaxValue || output > int.MaxValue || columns > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), "The convolution has more than int.MaxValue elements.");
        }
    }

    /// <summary>Images in the batch.</summary>
    public int Batch { get; }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Input height.</summary>
    public int Height { get; }

    /// <summary>Input width.</summary>
    public int Width { get; }

    /// <summary>Output channels (kernels).</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height.</summary>
    public int KernelHeight { get; }

    /// <summary>Kernel width.</summary>
    public int KernelWidth { get; }

    /// <summary>Stride on both axes.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side of both axes.</summary>
    public int Padding { get; }

    /// <summary>Output height: (Height + 2 Padding - KernelHeight) / Stride + 1.</summary>
    public int OutHeight => ((Height + (2 * Padding) - KernelHeight) / Stride) + 1;

    /// <summary>Output width: (Width + 2 Padding - KernelWidth) / Stride + 1.</summary>
    public int OutWidth => ((Width + (2 * Padding) - KernelWidth) / Stride) + 1;

    /// <summary>Elements of the input tensor.</summary>
    public int InputCount => Batch * InChannels * Height * Width;

    /// <summary>Elements of the kernel tensor.</summary>
    public int KernelCount => OutChannels * InChannels * KernelHeight * KernelWidth;

    /// <summary>Elements of the output tensor.</summary>
    public int OutputCount => Batch * OutChannels * OutHeight * OutWidth;

    /// <summary>The input shape [Batch, InChannels, Height, Width].</summary>
    public TensorShape InputShape => new(Batch, InChannels, Height, Width);

    /// <summary>The kernel shape [OutChannels, InChannels, KernelHeight, KernelWidth].</summary>
    public TensorShape KernelShape => new(OutChannels, InChannels, KernelHeight, KernelWidth);

    /// <summary>The output shape [Batch, OutChannels, OutHeight, OutWidth].</summary>
    public TensorShape OutputShape => new(Batch, OutChannels, OutHeight, OutWidth);
}

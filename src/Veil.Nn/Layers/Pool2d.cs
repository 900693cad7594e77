using Veil.Tensors;
using Veil.Tensors.Kernels;

namespace Veil.Nn.Layers;

/// <summary>What max and average pooling share: a square window, a stride, NCHW input, no padding, no parameters.</summary>
/// <remarks>Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).</remarks>
public abstract class Pool2d : Layer
{
    private Tensor? _output;
    private Tensor? _inputGradient;

    private protected Pool2d(int kernelSize, int stride)
    {
        KernelSize = Guard.Positive(kernelSize);
        Stride = Guard.Positive(stride);
    }

    /// <summary>Window height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows on both axes.</summary>
    public int Stride { get; }

    /// <summary>The last input's shape.</summary>
    private protected TensorShape InputShape { get; private set; }

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape inputShape)
    {
        Guard.IsTrue(inputShape.Rank == 3, nameof(inputShape), $"is {inputShape}; {this} takes [channels, height, width]");
        var (oh, ow) = Pooling.OutputSize(inputShape[1], inputShape[2], KernelSize, Stride);
        return new TensorShape(inputShape[0], oh, ow);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        int batch = BatchOf(input, nameof(input), 4);
        Guard.IsTrue(input.Rank == 4, nameof(input), $"has shape {input.Shape}; {this} takes [batch, channels, height, width]");
        TensorShape outputShape = OutputShape(input.Shape.WithoutFirst()).Prepend(batch);
        InputShape = input.Shape;
        _output = Tensor.Reuse(_output, outputShape);
        Pool(input, _output);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor? Backward(Tensor outputGradient, GradientMode mode = GradientMode.Batch, bool computeInputGradient = true)
    {
        CheckGradient(_output, outputGradient, Kind);
        if (!computeInputGradient)
        {
            return null;
        }

        _inputGradient = Tensor.Reuse(_inputGradient, InputShape);
        _inputGradient.Clear();
        PoolBackward(outputGradient, _inputGradient);
        return _inputGradient;
    }

    internal override LayerSpec ToSpec() => new LayerSpec(Kind).With("kernel", KernelSize).With("stride", Stride);

    /// <summary>Pools <paramref name="input"/> into <paramref name="output"/>, remembering what the backward pass needs.</summary>
    private protected abstract void Pool(Tensor input, Tensor output);

    /// <summary>Adds the input gradient into the zeroed <paramref name="inputGradient"/>.</summary>
    private protected abstract void PoolBackward(Tensor outputGradient, Tensor inputGradient);
}

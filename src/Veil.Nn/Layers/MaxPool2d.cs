using Veil.Tensors;
using Veil.Tensors.Kernels;

namespace Veil.Nn.Layers;

/// <summary>Max pooling: each output is the largest input in its k x k window (windows <see cref="Pool2d.Stride"/> apart).</summary>
/// <remarks>Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).</remarks>
public sealed class MaxPool2d : Pool2d
{
    private int[] _argmax = [];

    /// <summary>Creates the layer; the stride defaults to the kernel size (non-overlapping windows).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public MaxPool2d(int kernelSize, int? stride = null)
        : base(kernelSize, stride ?? kernelSize)
    {
    }

    /// <inheritdoc />
    public override string Kind => "maxpool2d";

    /// <inheritdoc />
    public override string ToString() => $"MaxPool2d({KernelSize}×{KernelSize}, stride {Stride})";

    private protected override void Pool(Tensor input, Tensor output)
    {
        if (_argmax.Length < output.Length)
        {
            _argmax = new int[output.Length];
        }

        Pooling.MaxPool(input.Span, input.Shape[0] * input.Shape[1], input.Shape[2], input.Shape[3], KernelSize, Stride, output.Span, _argmax.AsSpan(0, output.Length));
    }

    private protected override void PoolBackward(Tensor outputGradient, Tensor inputGradient) =>
        Pooling.MaxPoolBackward(outputGradient.Span, _argmax.AsSpan(0, outputGradient.Length), InputShape[0] * InputShape[1], InputShape[2] * InputShape[3], inputGradient.Span);
}

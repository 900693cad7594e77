using Veil.Tensors;
using Veil.Tensors.Kernels;

namespace Veil.Nn.Layers;

/// <summary>Average pooling: each output is the mean of its k x k window (windows <see cref="Pool2d.Stride"/> apart).
/// Linear, so it runs under homomorphic encryption and secret sharing without approximation.</summary>
/// <remarks>Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).</remarks>
public sealed class AvgPool2d : Pool2d
{
    /// <summary>Creates the layer; the stride defaults to the kernel size (non-overlapping windows).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public AvgPool2d(int kernelSize, int? stride = null)
        : base(kernelSize, stride ?? kernelSize)
    {
    }

    /// <inheritdoc />
    public override string Kind => "avgpool2d";

    /// <inheritdoc />
    public override string ToString() => $"AvgPool2d({KernelSize}×{KernelSize}, stride {Stride})";

    private protected override void Pool(Tensor input, Tensor output) =>
        Pooling.AvgPool(input.Span, input.Shape[0] * input.Shape[1], input.Shape[2], input.Shape[3], KernelSize, Stride, output.Span);

    private protected override void PoolBackward(Tensor outputGradient, Tensor inputGradient) =>
        Pooling.AvgPoolBackward(outputGradient.Span, InputShape[0] * InputShape[1], InputShape[2], InputShape[3], KernelSize, Stride, inputGradient.Span);
}

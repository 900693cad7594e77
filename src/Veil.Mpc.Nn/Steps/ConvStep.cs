using Veil.Mpc;

namespace Veil.Mpc.Nn.Steps;

/// <summary>
/// A 2-D convolution with stride and zero padding: the model owner's kernel [O, C, K, K], prepared once or kept in the
/// clear (<see cref="WeightOperand"/>); the bias
/// [O] is shared at the product's 2f fractional bits and added before any truncation.
/// </summary>
/// <remarks>Thread-safety: immutable; <see cref="Apply"/> needs the context's thread.</remarks>
internal sealed class ConvStep(WeightOperand kernel, SharedTensor? bias, int stride, int padding) : SecureStep
{
    public override string Describe() =>
        $"conv2d {kernel.Shape[1]}→{kernel.Shape[0]} {kernel.Shape[2]}×{kernel.Shape[3]} stride {stride} padding {padding}{kernel.Note}";

    public override SharedTensor Apply(SharedTensor x)
    {
        SharedTensor y = kernel.Conv2d(AtFormat(x), stride, padding);
        return bias is null ? y : y.AddBias(bias);
    }
}

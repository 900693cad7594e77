using Veil.Mpc.Preprocessing;
using Veil.Mpc.Protocols;

namespace Veil.Mpc.Nn.Steps;

/// <summary>
/// A 2-D convolution whose kernel [O, C, K, K] the model owner keeps in the clear (an owned operand); the bias [O] is
/// shared at the product's 2f fractional bits and added before any truncation.
/// </summary>
/// <remarks>Thread-safety: immutable; <see cref="Apply"/> needs the context's thread.</remarks>
internal sealed class OwnedConvStep(OwnedOperand kernel, SharedTensor? bias, int stride, int padding) : SecureStep
{
    public override string Describe() =>
        $"conv2d {kernel.Shape[1]}→{kernel.Shape[0]} {kernel.Shape[2]}×{kernel.Shape[3]} stride {stride} padding {padding} (owned)";

    public override SharedTensor Apply(SharedTensor x)
    {
        SharedTensor y = OwnedProducts.Conv2d(AtFormat(x), kernel, stride, padding);
        return bias is null ? y : y.AddBias(bias);
    }
}

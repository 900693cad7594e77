using Veil.Mpc.Preprocessing;
using Veil.Mpc.Protocols;
using MpcShape = Veil.Mpc.TensorShape;

namespace Veil.Mpc.Nn.Steps;

/// <summary>
/// A fully connected layer y = x Wᵀ + b whose Wᵀ [in, out] the model owner keeps in the clear (an owned operand, one
/// message per batch from the other party); b is shared at the product's 2f fractional bits.
/// </summary>
/// <remarks>Thread-safety: immutable; <see cref="Apply"/> needs the context's thread.</remarks>
internal sealed class OwnedLinearStep(OwnedOperand weight, SharedTensor? bias) : SecureStep
{
    public override string Describe() => $"linear {weight.Shape[0]}→{weight.Shape[1]} (owned)";

    public override SharedTensor Apply(SharedTensor x)
    {
        x = AtFormat(x);
        if (x.Shape.Rank != 2)
        {
            x = x.Reshape(new MpcShape(x.Shape[0], x.Count / x.Shape[0]));
        }

        SharedTensor y = OwnedProducts.MatMul(x, weight);
        return bias is null ? y : y.AddBias(bias);
    }
}

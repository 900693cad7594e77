using Veil.Mpc;
using MpcShape = Veil.Mpc.TensorShape;

namespace Veil.Mpc.Nn.Steps;

/// <summary>
/// A fully connected layer y = x Wᵀ + b: Wᵀ [in, out] is the model owner's, shared and prepared once (each batch then
/// opens only its activations) or kept in the clear without a dealer (<see cref="WeightOperand"/>); b is shared at the
/// product's 2f fractional bits, so the bias is added before any truncation.
/// </summary>
/// <remarks>Thread-safety: immutable; <see cref="Apply"/> needs the context's thread.</remarks>
internal sealed class LinearStep(WeightOperand weight, SharedTensor? bias) : SecureStep
{
    public override string Describe() => $"linear {weight.Shape[0]}→{weight.Shape[1]}{weight.Note}";

    public override SharedTensor Apply(SharedTensor x)
    {
        x = AtFormat(x);
        if (x.Shape.Rank != 2)
        {
            x = x.Reshape(new MpcShape(x.Shape[0], x.Count / x.Shape[0]));
        }

        SharedTensor y = weight.MatMul(x);
        return bias is null ? y : y.AddBias(bias);
    }
}

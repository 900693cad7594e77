using Veil.Mpc;
using MpcShape = Veil.Mpc.TensorShape;

namespace Veil.Mpc.Nn.Steps;

/// <summary>
/// A fully connected layer y = x Wᵀ + b: the model owner shares Wᵀ [in, out] (prepared once, so each batch opens only
/// its activations) and b at the product's 2f fractional bits, so the bias is added before any truncation.
/// </summary>
/// <remarks>Thread-safety: immutable; <see cref="Apply"/> needs the context's thread.</remarks>
internal sealed class LinearStep(PreparedOperand weight, SharedTensor? bias) : SecureStep
{
    public override string Describe() => $"linear {weight.Shape[0]}→{weight.Shape[1]}";

    public override SharedTensor Apply(SharedTensor x)
    {
        x = AtFormat(x);
        if (x.Shape.Rank != 2)
        {
            x = x.Reshape(new MpcShape(x.Shape[0], x.Count / x.Shape[0]));
        }

        SharedTensor y = x.MatMul(weight);
        return bias is null ? y : y.AddBias(bias);
    }
}

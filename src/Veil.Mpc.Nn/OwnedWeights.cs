using Veil.Mpc.Preprocessing;
using Veil.Mpc.Protocols;
using Veil.Nn.Layers;
using MpcShape = Veil.Mpc.TensorShape;

namespace Veil.Mpc.Nn;

/// <summary>
/// Sets up a model owner's linear weights as owned operands (<see cref="OwnedProducts"/>), when the preprocessing
/// makes them: the owner keeps them in the clear and nobody shares them; a linear layer's weight as Wᵀ [in, out],
/// a kernel as it is. Only the owner reads parameter values. Biases stay with <see cref="WeightSharing"/>.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
internal sealed class OwnedWeights(MpcContext context, int owner)
{
    private bool IsOwner => context.PartyId == owner;

    /// <summary>Wᵀ [in, out] of a linear layer.</summary>
    /// <exception cref="OwnedWeightOutOfRangeException">A weight is outside the short form's range (owner).</exception>
    public OwnedOperand Matrix(Linear linear)
    {
        ulong[] values = IsOwner ? WeightSharing.Transposed(linear, w => context.FixedPoint.Encode(w)) : [];
        return OwnedProducts.SetUp(context, owner, new MpcShape(linear.InFeatures, linear.OutFeatures), values);
    }

    /// <summary>A convolution kernel [O, C, K, K].</summary>
    /// <exception cref="OwnedWeightOutOfRangeException">A weight is outside the short form's range (owner).</exception>
    public OwnedOperand Kernel(Conv2d conv)
    {
        ulong[] values = [];
        if (IsOwner)
        {
            ReadOnlySpan<float> w = conv.Weight.Span;
            values = new ulong[w.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = context.FixedPoint.Encode(w[i]);
            }
        }

        return OwnedProducts.SetUp(context, owner, new MpcShape(conv.OutChannels, conv.InChannels, conv.KernelSize, conv.KernelSize), values);
    }
}

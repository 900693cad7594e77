using Veil.Nn.Layers;
using Veil.Tensors;
using MpcShape = Veil.Mpc.TensorShape;

namespace Veil.Mpc.Nn;

/// <summary>
/// Shares a model owner's parameters in the layouts the protocols take: a linear layer's weight transposed to
/// [in, out], convolution kernels as they are, biases at twice the format's fractional bits (the scale of the
/// product they are added to). Only the owner reads parameter values. Weights are prepared with masks the owner may
/// hold alone (<see cref="SharedTensor.Prepare(int)"/>): the owner knows them, so opening W − B tells it nothing.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
internal sealed class WeightSharing(MpcContext context, int owner)
{
    private bool IsOwner => context.PartyId == owner;

    /// <summary>Wᵀ [in, out] of a linear layer, prepared for repeated products (one round).</summary>
    public PreparedOperand Matrix(Linear linear)
    {
        double[] values = IsOwner ? Transposed(linear, w => (double)w) : [];
        return SharedTensor.Share(context, owner, values, new MpcShape(linear.InFeatures, linear.OutFeatures)).Prepare(owner);
    }

    /// <summary>A linear layer's weight [out, in] as Wᵀ [in, out], each value through <paramref name="encode"/>.</summary>
    internal static T[] Transposed<T>(Linear linear, Func<float, T> encode)
    {
        ReadOnlySpan<float> w = linear.Weight.Span;
        var values = new T[w.Length];
        for (int o = 0; o < linear.OutFeatures; o++)
        {
            for (int i = 0; i < linear.InFeatures; i++)
            {
                values[(i * linear.OutFeatures) + o] = encode(w[(o * linear.InFeatures) + i]);
            }
        }

        return values;
    }

    /// <summary>A convolution kernel [O, C, K, K], prepared for repeated products (one round).</summary>
    public PreparedOperand Kernel(Conv2d conv)
    {
        double[] values = IsOwner ? ToDoubles(conv.Weight.Span) : [];
        return SharedTensor.Share(context, owner, values, new MpcShape(conv.OutChannels, conv.InChannels, conv.KernelSize, conv.KernelSize)).Prepare(owner);
    }

    /// <summary>A bias [n] at 2f fractional bits, or null for a layer without one (no communication).</summary>
    public SharedTensor? Bias(Tensor? bias, int count)
    {
        if (bias is null)
        {
            return null;
        }

        int bits = 2 * context.FixedPoint.FractionalBits;
        ulong[] encoded = [];
        if (IsOwner)
        {
            ReadOnlySpan<float> b = bias.Span;
            encoded = new ulong[count];
            for (int i = 0; i < count; i++)
            {
                encoded[i] = FixedPointFormat.Encode(b[i], bits);
            }
        }

        return SharedTensor.ShareEncoded(context, owner, encoded, new MpcShape(count), bits);
    }

    private static double[] ToDoubles(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}

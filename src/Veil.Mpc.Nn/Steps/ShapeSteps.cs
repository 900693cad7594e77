using Veil.Mpc;
using MpcShape = Veil.Mpc.TensorShape;

namespace Veil.Mpc.Nn.Steps;

/// <summary>Flattens [B, ...] to [B, features] (local, no communication).</summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal sealed class FlattenStep : SecureStep
{
    public override string Describe() => "flatten";

    public override SharedTensor Apply(SharedTensor x) => x.Reshape(new MpcShape(x.Shape[0], x.Count / x.Shape[0]));
}

/// <summary>Max pooling by a comparison tournament over all windows at once, at whatever scale x carries.</summary>
/// <remarks>Thread-safety: immutable.</remarks>
internal sealed class MaxPoolStep(int kernel, int stride) : SecureStep
{
    public override string Describe() => $"maxpool {kernel}×{kernel} stride {stride}";

    public override SharedTensor Apply(SharedTensor x) => x.MaxPool2d(kernel, stride);
}

/// <summary>
/// Average pooling. When the window's area is a power of two, 2^a, the average is the window sum read with a more
/// fractional bits: local, no round, and the division merges into the next truncation. Otherwise the engine's
/// pooling (window sums, then a multiply by the reciprocal and one truncation).
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
internal sealed class AvgPoolStep(int kernel, int stride) : SecureStep
{
    public override string Describe() => $"avgpool {kernel}×{kernel} stride {stride}";

    public override SharedTensor Apply(SharedTensor x)
    {
        int area = kernel * kernel;
        if (!int.IsPow2(area))
        {
            return x.AvgPool2d(kernel, stride);
        }

        int planes = x.Shape[0] * x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = ((h - kernel) / stride) + 1, ow = ((w - kernel) / stride) + 1;
        var sums = new ulong[planes * oh * ow];
        ReadOnlySpan<ulong> shares = x.Shares;
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    ulong sum = 0;
                    for (int ky = 0; ky < kernel; ky++)
                    {
                        int row = (plane * h * w) + (((oy * stride) + ky) * w) + (ox * stride);
                        for (int kx = 0; kx < kernel; kx++)
                        {
                            sum += shares[row + kx];
                        }
                    }

                    sums[o++] = sum;
                }
            }
        }

        return SharedTensor.FromShares(x.Context, new MpcShape(x.Shape[0], x.Shape[1], oh, ow), sums, x.FractionalBits + int.Log2(area));
    }
}

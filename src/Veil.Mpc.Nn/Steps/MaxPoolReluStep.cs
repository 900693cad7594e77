using Veil.Mpc;
using Veil.Mpc.Protocols;
using MpcShape = Veil.Mpc.TensorShape;

namespace Veil.Mpc.Nn.Steps;

/// <summary>
/// relu(maxpool(x)) = max(window, 0). For small batches (at most <see cref="FewRoundsBatchLimit"/> inputs), where
/// rounds dominate the latency, every window and a zero form one row of an all-pairs maximum (<see cref="Argmax"/>):
/// 10 rounds for a 2×2 window instead of 16 for the pooling tournament and 8 for the ReLU, at 2.5× the comparisons.
/// Larger batches, where computation and bytes dominate, take the tournament and then the ReLU.
/// </summary>
/// <remarks>Thread-safety: immutable; the choice depends only on public shapes, so every party makes the same one.</remarks>
internal sealed class MaxPoolReluStep(int kernel, int stride) : SecureStep
{
    /// <summary>The largest batch evaluated with the all-pairs maximum.</summary>
    public const int FewRoundsBatchLimit = 4;

    public override string Describe() => $"maxpool {kernel}×{kernel} stride {stride}, relu";

    public override SharedTensor Apply(SharedTensor x)
    {
        int row = (kernel * kernel) + 1;
        if (x.Shape[0] > FewRoundsBatchLimit || row > Argmax.AllPairsLimit)
        {
            return x.MaxPool2d(kernel, stride).Relu();
        }

        int planes = x.Shape[0] * x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = ((h - kernel) / stride) + 1, ow = ((w - kernel) / stride) + 1;
        var rows = new ulong[planes * oh * ow * row];
        ReadOnlySpan<ulong> shares = x.Shares;
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    for (int ky = 0; ky < kernel; ky++)
                    {
                        shares.Slice((plane * h * w) + (((oy * stride) + ky) * w) + (ox * stride), kernel).CopyTo(rows.AsSpan(o));
                        o += kernel;
                    }

                    o++; // the zero candidate: every party's share is 0
                }
            }
        }

        var candidates = SharedTensor.FromShares(x.Context, new MpcShape(planes * oh * ow, row), rows, x.FractionalBits);
        return Argmax.Compute(candidates).Values.Reshape(new MpcShape(x.Shape[0], x.Shape[1], oh, ow));
    }
}

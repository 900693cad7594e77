using Veil.Mpc.Kernels;

namespace Veil.Mpc.Protocols;

/// <summary>
/// Max pooling that also keeps, for training, the shared outcome of every comparison of its tournament, so that the
/// backward pass can send each output's gradient to the window position that won, without opening anything.
/// </summary>
/// <remarks>
/// The forward pass is the tournament of <see cref="Pooling.MaxPool2d"/> (same rounds and bytes): each level pairs
/// candidates a and b, computes the XOR-shared bit s = [b &gt; a] and keeps a + s (b − a); the bits of every level are
/// kept in a <see cref="MaxPoolRoute"/>. The backward pass walks the levels in reverse: a winner's gradient g goes to b
/// as s·g and to a as g − s·g, one selection round per level for all pairs at once (ceil(log2 k²) rounds, 8 bytes and
/// one bit per pair and peer): for 2×2 windows, 1.5 words per output against 4 products for a one-hot routing.
/// Ties keep the earlier position, as the forward pass does.
/// Thread-safety: stateless; each call runs on the calling party's context thread.
/// </remarks>
public static class MaxPoolRouting
{
    /// <summary>The pooled tensor [N, C, OH, OW] and the route its gradient takes back.</summary>
    /// <exception cref="ArgumentException">The tensor is not rank 4, or the window does not fit.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static (SharedTensor Max, MaxPoolRoute Route) Forward(SharedTensor x, int kernel, int stride)
    {
        ArgumentNullException.ThrowIfNull(x);
        MpcContext context = x.Context;
        var (values, shape) = Pooling.Windows(x, kernel, stride);
        using var scope = context.Stats.Measure("maxpool");
        int length = shape.Count;
        var levels = new List<(int Candidates, ulong[] Bits)>();
        while (values.Count > 1)
        {
            int pairs = values.Count / 2;
            int total = pairs * length;
            var difference = new ulong[total];
            for (int p = 0; p < pairs; p++)
            {
                RingKernels.Subtract(values[2 * p], values[(2 * p) + 1], difference.AsSpan(p * length, length));
            }

            // s = [b > a] = NOT [a - b >= 0].
            ulong[] bits = Comparison.NonNegativeShares(context, difference);
            if (context.PartyId == 0)
            {
                for (int i = 0; i < bits.Length; i++)
                {
                    bits[i] = ~bits[i];
                }
            }

            RingKernels.Negate(difference, difference);
            ulong[] chosen = Selection.MultiplyShares(context, bits, total, [difference])[0];
            var next = new List<ulong[]>(pairs + 1);
            for (int p = 0; p < pairs; p++)
            {
                var winner = new ulong[length];
                RingKernels.Add(values[2 * p], chosen.AsSpan(p * length, length), winner);
                next.Add(winner);
            }

            if (values.Count % 2 == 1)
            {
                next.Add(values[^1]);
            }

            levels.Add((values.Count, bits));
            values = next;
        }

        return (new SharedTensor(context, shape, values[0], x.FractionalBits), new MaxPoolRoute(x.Shape, shape, kernel, stride, levels));
    }

    /// <summary>
    /// The input gradient [N, C, H, W] of max pooling from the output gradient [N, C, OH, OW] and the forward pass's
    /// route: each output's gradient goes to its window's winning position (positions of overlapping windows add up).
    /// The result carries the gradient's fractional bits. One selection round per tournament level.
    /// </summary>
    /// <exception cref="ParameterMismatchException">The gradient does not have the pooled shape.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor Backward(MaxPoolRoute route, SharedTensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!outputGradient.Shape.Equals(route.OutputShape))
        {
            throw new ParameterMismatchException($"A pooling gradient of {outputGradient.Shape} for a pooled tensor of {route.OutputShape}.");
        }

        MpcContext context = outputGradient.Context;
        using var scope = context.Stats.Measure("maxpool-backward");
        int length = outputGradient.Count;
        var gradients = new List<ulong[]> { outputGradient.Shares.ToArray() };
        for (int l = route.Levels.Count - 1; l >= 0; l--)
        {
            var (candidates, bits) = route.Levels[l];
            int pairs = candidates / 2;
            var winners = new ulong[pairs * length];
            for (int p = 0; p < pairs; p++)
            {
                gradients[p].CopyTo(winners.AsSpan(p * length));
            }

            ulong[] toB = Selection.MultiplyShares(context, bits, pairs * length, [winners])[0];
            var next = new List<ulong[]>(candidates);
            for (int p = 0; p < pairs; p++)
            {
                var a = new ulong[length];
                RingKernels.Subtract(gradients[p], toB.AsSpan(p * length, length), a);
                next.Add(a);
                next.Add(toB.AsSpan(p * length, length).ToArray());
            }

            if (candidates % 2 == 1)
            {
                next.Add(gradients[^1]);
            }

            gradients = next;
        }

        return Scatter(route, gradients, outputGradient.FractionalBits, context);
    }

    /// <summary>Adds each window position's gradient back into the input's layout.</summary>
    private static SharedTensor Scatter(MaxPoolRoute route, List<ulong[]> positions, int fractionalBits, MpcContext context)
    {
        TensorShape input = route.InputShape, output = route.OutputShape;
        int planes = input[0] * input[1], h = input[2], w = input[3], oh = output[2], ow = output[3], stride = route.Stride;
        var result = new ulong[input.Count];
        for (int ky = 0, j = 0; ky < route.Kernel; ky++)
        {
            for (int kx = 0; kx < route.Kernel; kx++, j++)
            {
                ReadOnlySpan<ulong> source = positions[j];
                int o = 0;
                for (int plane = 0; plane < planes; plane++)
                {
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int row = (plane * h * w) + (((oy * stride) + ky) * w) + kx;
                        for (int ox = 0; ox < ow; ox++)
                        {
                            result[row + (ox * stride)] += source[o++];
                        }
                    }
                }
            }
        }

        return new SharedTensor(context, input, result, fractionalBits);
    }
}

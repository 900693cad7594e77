namespace Veil.Mpc.Protocols;

/// <summary>
/// 2-D pooling of shared [N, C, H, W] tensors with a square window of <c>kernel</c> and a stride, without padding:
/// the output is [N, C, (H - kernel) / stride + 1, (W - kernel) / stride + 1].
/// </summary>
/// <remarks>Thread-safety: stateless; each call runs on the calling party's context thread.</remarks>
public static class Pooling
{
    private const int ReciprocalBits = 24;

    /// <summary>
    /// Max pooling by a <see cref="Tournament"/> over the kernel^2 window positions, all windows at once:
    /// ceil(log2 kernel^2) levels of eight rounds (16 rounds for 2 x 2).
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not rank 4, or the window does not fit.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor MaxPool2d(SharedTensor x, int kernel, int stride)
    {
        var (candidates, shape) = Windows(x, kernel, stride);
        using var scope = x.Context.Stats.Measure("maxpool");
        var (max, _) = Tournament.Run(x.Context, candidates, null);
        return new SharedTensor(x.Context, shape, max, x.FractionalBits);
    }

    /// <summary>
    /// Average pooling: the window sums are local; the division by kernel^2 is one truncation round
    /// (by log2 kernel^2 bits when kernel^2 is a power of two, else a product by round(2^24 / kernel^2) and a
    /// division by 2^24: window sums must stay below 2^(38 - f) in magnitude, 4 194 304 at f = 16).
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not rank 4, or the window does not fit.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor AvgPool2d(SharedTensor x, int kernel, int stride)
    {
        var (candidates, shape) = Windows(x, kernel, stride);
        using var scope = x.Context.Stats.Measure("avgpool");
        var sum = new ulong[shape.Count];
        foreach (ulong[] candidate in candidates)
        {
            Kernels.RingKernels.Add(sum, candidate, sum);
        }

        var sums = new SharedTensor(x.Context, shape, sum, x.FractionalBits);
        int area = kernel * kernel;
        if (int.IsPow2(area))
        {
            return Truncation.DividePowerOfTwo(sums, int.Log2(area));
        }

        // Multiply by round(2^24 / area) and divide by 2^24: a relative error below 2^-24, for sums below 2^(38 - f).
        return Truncation.DividePowerOfTwo(sums.MultiplyPublic((long)Math.Round((double)(1 << ReciprocalBits) / area)), ReciprocalBits);
    }

    /// <summary>The kernel^2 window positions as separate vectors over all outputs, and the output shape.</summary>
    internal static (List<ulong[]> Candidates, TensorShape Shape) Windows(SharedTensor x, int kernel, int stride)
    {
        ArgumentNullException.ThrowIfNull(x);
        Guard.IsTrue(x.Shape.Rank == 4, nameof(x), $"must be [N, C, H, W], not {x.Shape}");
        int planes = x.Shape[0] * x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        Guard.InRange(kernel, 1, Math.Min(h, w));
        Guard.Positive(stride);
        int oh = ((h - kernel) / stride) + 1, ow = ((w - kernel) / stride) + 1;
        var shape = new TensorShape(x.Shape[0], x.Shape[1], oh, ow);
        var candidates = new List<ulong[]>(kernel * kernel);
        ReadOnlySpan<ulong> shares = x.Shares;
        for (int ky = 0; ky < kernel; ky++)
        {
            for (int kx = 0; kx < kernel; kx++)
            {
                var candidate = new ulong[shape.Count];
                int o = 0;
                for (int plane = 0; plane < planes; plane++)
                {
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int row = (plane * h * w) + (((oy * stride) + ky) * w) + kx;
                        for (int ox = 0; ox < ow; ox++)
                        {
                            candidate[o++] = shares[row + (ox * stride)];
                        }
                    }
                }

                candidates.Add(candidate);
            }
        }

        return (candidates, shape);
    }
}

using Veil.Mpc.Kernels;

namespace Veil.Mpc.He;

/// <summary>
/// A convolution as one matrix product whose right operand is the kernel, so that a fixed kernel mask is the encrypted
/// side: conv(X, K)[b, o, l] = Σ_q cols(X_b)[q, l]·K[o, q] is (B·L x P) · (P x O) with the left operand the stacked,
/// transposed im2col of the images (linear in X, so each party lowers its own share) and the right Kᵀ.
/// Cost: the left operand has KH·KW times as many elements as X.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class ConvLowering
{
    /// <summary>The product's dimensions (m, k, n) = (B·OH·OW, C·KH·KW, O).</summary>
    public static (int M, int K, int N) Dimensions(Conv2dShape shape) =>
        (shape.Batch * shape.OutHeight * shape.OutWidth, shape.InChannels * shape.KernelHeight * shape.KernelWidth, shape.OutChannels);

    /// <summary>The left operand: row b·L + l holds patch l of image b.</summary>
    public static ulong[] Left(Conv2dShape shape, ReadOnlySpan<ulong> input)
    {
        var (m, k, _) = Dimensions(shape);
        int positions = shape.OutHeight * shape.OutWidth;
        int imageIn = shape.InChannels * shape.Height * shape.Width;
        var columns = new ulong[k * positions];
        var left = new ulong[m * k];
        for (int b = 0; b < shape.Batch; b++)
        {
            RingConv2d.Im2Col(shape, input.Slice(b * imageIn, imageIn), columns);
            ulong[] transposed = RingMatMul.Transpose(columns, k, positions);
            transposed.CopyTo(left.AsSpan(b * positions * k));
        }

        return left;
    }

    /// <summary>The right operand Kᵀ (P x O).</summary>
    public static ulong[] Right(Conv2dShape shape, ReadOnlySpan<ulong> kernel) =>
        RingMatMul.Transpose(kernel, shape.OutChannels, shape.InChannels * shape.KernelHeight * shape.KernelWidth);

    /// <summary>The product (B·L x O) rearranged to the output layout [B, O, L].</summary>
    public static ulong[] Output(Conv2dShape shape, ReadOnlySpan<ulong> product)
    {
        int positions = shape.OutHeight * shape.OutWidth, outChannels = shape.OutChannels;
        var output = new ulong[shape.OutputCount];
        for (int b = 0; b < shape.Batch; b++)
        {
            ulong[] transposed = RingMatMul.Transpose(product.Slice(b * positions * outChannels, positions * outChannels), positions, outChannels);
            transposed.CopyTo(output.AsSpan(b * outChannels * positions));
        }

        return output;
    }
}

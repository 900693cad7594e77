namespace Veil.Mpc.Protocols;

/// <summary>
/// What a max-pooling forward pass keeps for its backward pass (<see cref="MaxPoolRouting"/>): the shapes, the window,
/// and for each tournament level the number of candidates and this party's XOR shares of the comparison bits
/// s = [b &gt; a], one per pair and output. The bits stay shared; nothing here is secret to its holder.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed class MaxPoolRoute
{
    internal MaxPoolRoute(TensorShape inputShape, TensorShape outputShape, int kernel, int stride, IReadOnlyList<(int Candidates, ulong[] Bits)> levels)
    {
        InputShape = inputShape;
        OutputShape = outputShape;
        Kernel = kernel;
        Stride = stride;
        Levels = levels;
    }

    /// <summary>The pooled tensor's input shape [N, C, H, W].</summary>
    public TensorShape InputShape { get; }

    /// <summary>The pooled shape [N, C, OH, OW].</summary>
    public TensorShape OutputShape { get; }

    /// <summary>The window's side.</summary>
    public int Kernel { get; }

    /// <summary>The window's stride.</summary>
    public int Stride { get; }

    /// <summary>The number of tournament levels: ceil(log2 Kernel²).</summary>
    public int Depth => Levels.Count;

    internal IReadOnlyList<(int Candidates, ulong[] Bits)> Levels { get; }
}

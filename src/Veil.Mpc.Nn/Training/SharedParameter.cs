namespace Veil.Mpc.Nn.Training;

/// <summary>
/// One trainable tensor under MPC: its shared value at the context's fractional bits and, after a backward pass, its
/// shared gradient (the sum over the batch) at twice the fractional bits. A linear layer's weight is held transposed,
/// [in, out], the layout of the products.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
public sealed class SharedParameter
{
    internal SharedParameter(string name, SharedTensor value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The parameter's name, e.g. "1.weight" (layer index and kind of tensor).</summary>
    public string Name { get; }

    /// <summary>The current shared value.</summary>
    public SharedTensor Value { get; internal set; }

    /// <summary>The shared gradient of the last backward pass (summed over the batch, 2f fractional bits), or null before one.</summary>
    public SharedTensor? Gradient { get; internal set; }
}

using Veil.Mpc.Preprocessing;

namespace Veil.Mpc;

/// <summary>
/// A shared tensor prepared for many Beaver products as their right operand (a layer's weights): it was opened once
/// masked as F = W - B with a fixed mask B, so each product opens only the left operand. For a model evaluated on many
/// inputs this removes the weights from every inference's communication; the one-round preparation happens when the
/// model is loaded. Made by <see cref="SharedTensor.Prepare()"/> or <see cref="SharedTensor.Prepare(int)"/>.
/// </summary>
/// <remarks>Thread-safety: immutable; operations need the context's thread.</remarks>
public sealed class PreparedOperand
{
    private readonly ulong[] _opened;

    internal PreparedOperand(SharedTensor value, OperandMask mask, ulong[] opened)
    {
        Value = value;
        Mask = mask;
        _opened = opened;
    }

    /// <summary>The operand itself (this party's shares).</summary>
    public SharedTensor Value { get; }

    /// <summary>This party's share of the fixed mask B.</summary>
    public OperandMask Mask { get; }

    /// <summary>The public W - B.</summary>
    public ReadOnlySpan<ulong> Opened => _opened;

    /// <summary>The operand's shape.</summary>
    public TensorShape Shape => Value.Shape;

    internal ulong[] OpenedArray => _opened;
}

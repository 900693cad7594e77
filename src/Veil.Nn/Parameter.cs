using Veil.Tensors;

namespace Veil.Nn;

/// <summary>A trainable tensor of a layer (its weight or bias) and the gradient the last backward pass left for it.</summary>
/// <remarks>Thread-safety: a plain holder; see <see cref="Sequential"/>.</remarks>
public sealed class Parameter
{
    internal Parameter(string name, TensorShape shape)
    {
        Name = name;
        Value = new Tensor(shape);
        Gradient = new Tensor(shape);
    }

    /// <summary>The parameter's name within its layer: <c>weight</c> or <c>bias</c>.</summary>
    public string Name { get; }

    /// <summary>The current values. Optimizers update them in place.</summary>
    public Tensor Value { get; }

    /// <summary>The gradient of the loss with respect to <see cref="Value"/>, as set by the last
    /// <see cref="Sequential.Backward"/> or <see cref="PerExampleGradients.AccumulateWeighted(ReadOnlySpan{float})"/>.</summary>
    public Tensor Gradient { get; }

    /// <summary>The shape of <see cref="Value"/>.</summary>
    public TensorShape Shape => Value.Shape;

    /// <inheritdoc />
    public override string ToString() => $"{Name}{Shape}";
}

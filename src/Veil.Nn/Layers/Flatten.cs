using Veil.Tensors;

namespace Veil.Nn.Layers;

/// <summary>Reshapes each example to one dimension ([batch, C, H, W] to [batch, C·H·W], row-major); no copy.</summary>
/// <remarks>Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).</remarks>
public sealed class Flatten : Layer
{
    private TensorShape _inputShape;
    private Tensor? _output;

    /// <inheritdoc />
    public override string Kind => "flatten";

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape inputShape) => new(inputShape.ElementCount);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        int batch = BatchOf(input, nameof(input), 1);
        _inputShape = input.Shape;
        _output = input.Reshape(batch, batch == 0 ? 0 : input.Length / batch);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor? Backward(Tensor outputGradient, GradientMode mode = GradientMode.Batch, bool computeInputGradient = true)
    {
        CheckGradient(_output, outputGradient, Kind);
        return computeInputGradient ? outputGradient.Reshape(_inputShape) : null;
    }

    /// <inheritdoc />
    public override string ToString() => "Flatten";

    internal override LayerSpec ToSpec() => new(Kind);
}

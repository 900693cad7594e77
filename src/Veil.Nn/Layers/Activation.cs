using Veil.Tensors;

namespace Veil.Nn.Layers;

/// <summary>What element-wise activations share: any input shape, output of the same shape, no parameters.</summary>
/// <remarks>Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).</remarks>
public abstract class Activation : Layer
{
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;

    private protected Activation()
    {
    }

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        BatchOf(input, nameof(input), 1);
        _input = input;
        _output = Tensor.Reuse(_output, input.Shape);
        Apply(input.Span, _output.Span);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor? Backward(Tensor outputGradient, GradientMode mode = GradientMode.Batch, bool computeInputGradient = true)
    {
        CheckGradient(_output, outputGradient, Kind);
        if (!computeInputGradient)
        {
            return null;
        }

        _inputGradient = Tensor.Reuse(_inputGradient, _input!.Shape);
        ApplyBackward(_input.Span, outputGradient.Span, _inputGradient.Span);
        return _inputGradient;
    }

    /// <summary><c>y[i] = f(x[i])</c>.</summary>
    private protected abstract void Apply(ReadOnlySpan<float> x, Span<float> y);

    /// <summary><c>dx[i] = f'(x[i]) · dy[i]</c>.</summary>
    private protected abstract void ApplyBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx);
}

namespace Veil.Mpc.Nn.Training;

/// <summary>[B, ...] to [B, rest] and back (local).</summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
internal sealed class FlattenTrainingStep : TrainingStep
{
    private TensorShape? _inputShape;

    public override string Describe() => "flatten";

    public override SharedTensor Forward(SharedTensor x)
    {
        _inputShape = x.Shape;
        return x.Reshape(new TensorShape(x.Shape[0], x.Count / x.Shape[0]));
    }

    public override SharedTensor? Backward(SharedTensor outputGradient, bool inputGradient) =>
        inputGradient ? outputGradient.Reshape(Kept(_inputShape, "input shape")) : null;
}

namespace Veil.Mpc.Nn.Training;

/// <summary>
/// ReLU under MPC that keeps its derivative: the forward pass computes the bits b = [x ≥ 0] with the comparison
/// protocol (seven rounds) and selects b·x (one round); the backward pass multiplies the output gradient by the same
/// shared bits (one round, a fresh selection mask). The bits are never opened.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
internal sealed class ReluTrainingStep : TrainingStep
{
    private SharedBits? _positive;

    public override string Describe() => "relu";

    public override SharedTensor Forward(SharedTensor x)
    {
        _positive = x.NonNegative();
        return _positive.Select(x)[0];
    }

    public override SharedTensor? Backward(SharedTensor outputGradient, bool inputGradient) =>
        inputGradient ? Kept(_positive, "comparison bits").Select(outputGradient)[0] : null;
}

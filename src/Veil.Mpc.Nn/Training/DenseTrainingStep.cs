using Veil.Mpc.Protocols;

namespace Veil.Mpc.Nn.Training;

/// <summary>
/// A fully connected layer y = x W + b under MPC, W held as [in, out], by <see cref="LinearTraining"/>: the forward
/// pass opens x − A and W − B once (one round; the input truncated to the format first) and adds the bias, lifted
/// exactly to the product's 2f bits; the backward pass, with δ the output gradient truncated to f, opens δ − D once
/// (one round) for both dW = xᵀ δ and dx = δ Wᵀ (the first layer skips dx); db = Σ_batch δ is local.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
internal sealed class DenseTrainingStep(SharedParameter weight, SharedParameter? bias, bool computesInputGradient) : TrainingStep
{
    private LinearTrainingState? _state;
    private TensorShape? _inputShape;

    public override string Describe() => $"linear {weight.Value.Shape[0]}→{weight.Value.Shape[1]}";

    public override IReadOnlyList<SharedParameter> Parameters => bias is null ? [weight] : [weight, bias];

    public override SharedTensor Forward(SharedTensor x)
    {
        _inputShape = x.Shape;
        x = x.Rescale();
        if (x.Shape.Rank != 2)
        {
            x = x.Reshape(new TensorShape(x.Shape[0], x.Count / x.Shape[0]));
        }

        (SharedTensor y, _state) = LinearTraining.Forward(x, weight.Value, computesInputGradient);
        return bias is null ? y : y.AddBias(SharedLayout.Lift(bias.Value, x.FractionalBits));
    }

    public override SharedTensor? Backward(SharedTensor outputGradient, bool inputGradient)
    {
        LinearTrainingState state = Kept(_state, "forward state");
        _state = null;
        SharedTensor delta = outputGradient.Rescale();
        (weight.Gradient, SharedTensor? dx) = LinearTraining.Backward(state, delta);
        if (bias is not null)
        {
            bias.Gradient = SharedLayout.Lift(SharedLayout.SumRows(delta), delta.FractionalBits);
        }

        return inputGradient && dx is not null ? dx.Reshape(_inputShape!) : null;
    }
}

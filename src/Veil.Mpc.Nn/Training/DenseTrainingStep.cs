namespace Veil.Mpc.Nn.Training;

/// <summary>
/// A fully connected layer y = x W + b under MPC, W held as [in, out]. Forward: one Beaver matrix product (the input
/// truncated to the format first) and the bias, lifted exactly to the product's 2f bits. Backward, with δ the output
/// gradient truncated to f: dW = xᵀ δ and dx = δ Wᵀ by Beaver matrix triples (one round each), db = Σ_batch δ (local).
/// </summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
internal sealed class DenseTrainingStep(SharedParameter weight, SharedParameter? bias) : TrainingStep
{
    private SharedTensor? _input;
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

        _input = x;
        SharedTensor y = x.MatMul(weight.Value);
        return bias is null ? y : y.AddBias(SharedLayout.Lift(bias.Value, x.FractionalBits));
    }

    public override SharedTensor? Backward(SharedTensor outputGradient, bool inputGradient)
    {
        SharedTensor input = Kept(_input, "input");
        SharedTensor delta = outputGradient.Rescale();
        weight.Gradient = SharedLayout.Transpose(input).MatMul(delta);
        if (bias is not null)
        {
            bias.Gradient = SharedLayout.Lift(SharedLayout.SumRows(delta), delta.FractionalBits);
        }

        return inputGradient ? delta.MatMul(SharedLayout.Transpose(weight.Value)).Reshape(_inputShape!) : null;
    }
}

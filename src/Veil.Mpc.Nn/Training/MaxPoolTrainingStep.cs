using Veil.Mpc.Protocols;

namespace Veil.Mpc.Nn.Training;

/// <summary>
/// Max pooling under MPC that keeps its tournament's shared comparison bits (<see cref="MaxPoolRouting"/>): the
/// backward pass sends each output's gradient to the winning position, one selection round per tournament level.
/// As in inference, a ReLU before the pooling is compiled after it (they commute), so the ReLU compares a quarter of
/// the values.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
internal sealed class MaxPoolTrainingStep(int kernel, int stride) : TrainingStep
{
    private MaxPoolRoute? _route;

    public override string Describe() => $"maxpool {kernel}×{kernel}";

    public override SharedTensor Forward(SharedTensor x)
    {
        var (max, route) = MaxPoolRouting.Forward(x, kernel, stride);
        _route = route;
        return max;
    }

    public override SharedTensor? Backward(SharedTensor outputGradient, bool inputGradient) =>
        inputGradient ? MaxPoolRouting.Backward(Kept(_route, "route"), outputGradient) : null;
}

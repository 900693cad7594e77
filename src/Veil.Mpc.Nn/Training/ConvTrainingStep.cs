using Veil.Mpc.Protocols;

namespace Veil.Mpc.Nn.Training;

/// <summary>
/// A stride-1 convolution y = conv(x, K) + b under MPC, K held as [O, C, KH, KW]. Forward: one Beaver convolution
/// triple (the input truncated to the format first) and the bias, lifted to the product's 2f bits. Backward, with δ
/// the output gradient truncated to f, both gradients are convolutions again, each one Beaver convolution triple:
/// <list type="bullet">
/// <item>dK = swap(conv(swap(x), swap(δ), padding p)): the batch becomes the contracted channel axis, δ the kernel;</item>
/// <item>dx = conv(δ, rot180(swap(K)), padding KH − 1 − p): the full convolution by the flipped kernel;</item>
/// <item>db = Σ δ over batch and positions (local).</item>
/// </list>
/// The axis swaps and flips are local rearrangements of shares (<see cref="SharedLayout"/>).
/// </summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
internal sealed class ConvTrainingStep(SharedParameter kernel, SharedParameter? bias, int padding) : TrainingStep
{
    private SharedTensor? _input;

    public override string Describe() => $"conv2d {kernel.Value.Shape[1]}→{kernel.Value.Shape[0]} {kernel.Value.Shape[2]}×{kernel.Value.Shape[3]}";

    public override IReadOnlyList<SharedParameter> Parameters => bias is null ? [kernel] : [kernel, bias];

    public override SharedTensor Forward(SharedTensor x)
    {
        x = x.Rescale();
        _input = x;
        SharedTensor y = Beaver.Conv2d(x, kernel.Value, 1, padding);
        return bias is null ? y : y.AddBias(SharedLayout.Lift(bias.Value, x.FractionalBits));
    }

    public override SharedTensor? Backward(SharedTensor outputGradient, bool inputGradient)
    {
        SharedTensor input = Kept(_input, "input");
        SharedTensor delta = outputGradient.Rescale();
        kernel.Gradient = SharedLayout.SwapLeadingAxes(Beaver.Conv2d(SharedLayout.SwapLeadingAxes(input), SharedLayout.SwapLeadingAxes(delta), 1, padding));
        if (bias is not null)
        {
            bias.Gradient = SharedLayout.Lift(SharedLayout.SumChannels(delta), delta.FractionalBits);
        }

        if (!inputGradient)
        {
            return null;
        }

        SharedTensor flipped = SharedLayout.FlipSpatial(SharedLayout.SwapLeadingAxes(kernel.Value));
        return Beaver.Conv2d(delta, flipped, 1, kernel.Value.Shape[2] - 1 - padding);
    }
}

using Veil.Mpc.Protocols;

namespace Veil.Mpc.Nn.Training;

/// <summary>
/// Plain SGD on shared parameters, W ← W − η ΣdW with a public step size η = c / 2^s (<see cref="LearningRateScale"/>):
/// every gradient (2f fractional bits) is multiplied locally by the integer c, read with s more fractional bits, and
/// truncated by f + s back to the format. All parameters go through one truncation, so a step costs one round and
/// 8 bytes per parameter and peer whatever the network's depth. The truncation rounds stochastically (unbiased), so
/// updates far below one unit of the format still move the weights by the right amount on average.
/// </summary>
/// <remarks>
/// Range: c · |g| · 2^(2f) must stay below 2^62, i.e. |g| &lt; 2^(62 − 2f − <see cref="LearningRateScale.NumeratorBits"/>):
/// 2^20 for f = 16, far above the gradients of a batch of images.
/// Thread-safety: stateless.
/// </remarks>
public static class SecureSgd
{
    /// <summary>Applies one step to every parameter that has a gradient (one round), then clears the gradients.</summary>
    /// <exception cref="ParameterMismatchException">A gradient does not carry twice the format's fractional bits.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static void Step(IReadOnlyList<SharedParameter> parameters, LearningRateScale stepSize)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        SharedParameter[] active = parameters.Where(p => p.Gradient is not null).ToArray();
        if (active.Length == 0)
        {
            return;
        }

        MpcContext context = active[0].Value.Context;
        int f = context.FixedPoint.FractionalBits;
        using var scope = context.Stats.Measure("sgd");
        SharedTensor[] gradients = active.Select(p => p.Gradient!.Reshape(new TensorShape(p.Gradient.Count))).ToArray();
        SharedTensor all = SharedLayout.ConcatRows(gradients);
        if (all.FractionalBits != 2 * f)
        {
            throw new ParameterMismatchException($"Gradients carry {all.FractionalBits} fractional bits; SGD takes products at {2 * f}.");
        }

        SharedTensor scaled = SharedLayout.Reinterpret(all.MultiplyPublic(stepSize.Numerator), (2 * f) + stepSize.Shift);
        SharedTensor update = Truncation.Truncate(scaled, f + stepSize.Shift);
        int offset = 0;
        foreach (SharedParameter parameter in active)
        {
            int n = parameter.Value.Count;
            var slice = SharedTensor.FromShares(context, parameter.Value.Shape, update.Shares.Slice(offset, n).ToArray(), f);
            parameter.Value = parameter.Value.Subtract(slice);
            parameter.Gradient = null;
            offset += n;
        }
    }
}

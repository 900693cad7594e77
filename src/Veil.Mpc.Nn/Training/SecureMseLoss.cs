namespace Veil.Mpc.Nn.Training;

/// <summary>
/// The gradient of half the squared error against shared one-hot targets, summed over the batch: δ = y − t, local
/// after the outputs' truncation to the format (one round). It needs neither an exponential nor a division; the batch
/// mean's 1/B is folded into the step size (<see cref="LearningRateScale"/>). The loss itself is never computed,
/// since opening it would leak information about the data.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class SecureMseLoss
{
    /// <summary>δ = y − t for outputs y [batch, classes] (any fractional bits ≥ f) and targets t at the format.</summary>
    /// <exception cref="ParameterMismatchException">The shapes or contexts differ, or the targets are not at the format.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor Gradient(SharedTensor outputs, SharedTensor targets)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(targets);
        return outputs.Rescale().Subtract(targets.Reshape(outputs.Shape));
    }
}

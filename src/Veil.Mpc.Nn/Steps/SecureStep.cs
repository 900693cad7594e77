using Veil.Mpc;

namespace Veil.Mpc.Nn.Steps;

/// <summary>
/// One step of a compiled secure model: it maps the shared activations of a batch to the next layer's. A step may
/// return a tensor that still carries more fractional bits than the context's format (a product, or a sum of a pooling
/// window): the next step that needs the format truncates then, so truncations are deferred past pooling and merged.
/// </summary>
/// <remarks>Thread-safety: immutable after construction; <see cref="Apply"/> needs the context's thread.</remarks>
internal abstract class SecureStep
{
    /// <summary>A short description for reports, e.g. "conv2d 1→20 5×5".</summary>
    public abstract string Describe();

    /// <summary>Applies the step to a batch (leading dimension) of shared activations.</summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public abstract SharedTensor Apply(SharedTensor x);

    /// <summary>x truncated to the context's fractional bits (one round, or none when already there).</summary>
    protected static SharedTensor AtFormat(SharedTensor x) => x.Rescale();
}

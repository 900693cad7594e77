namespace Veil.Mpc.Nn.Training;

/// <summary>
/// One layer of a network trained under MPC: the forward pass keeps what the backward pass needs (a linear layer its
/// input, a ReLU its comparison bits), and the backward pass maps the shared gradient of the output to that of the
/// input, setting the layer's parameter gradients on the way. As in inference, a step may return a tensor carrying
/// more fractional bits than the format; the next step that needs the format truncates it.
/// </summary>
/// <remarks>Thread-safety: not thread-safe (holds the last forward pass); the context's thread only.</remarks>
internal abstract class TrainingStep
{
    /// <summary>A short description for reports.</summary>
    public abstract string Describe();

    /// <summary>The step's trainable tensors (none for activations and reshapes).</summary>
    public virtual IReadOnlyList<SharedParameter> Parameters => [];

    /// <summary>Applies the step to a batch, keeping what <see cref="Backward"/> needs.</summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public abstract SharedTensor Forward(SharedTensor x);

    /// <summary>
    /// The gradient with respect to the last forward pass's input (null when <paramref name="inputGradient"/> is false,
    /// for the first layer), setting the parameter gradients.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public abstract SharedTensor? Backward(SharedTensor outputGradient, bool inputGradient);

    /// <summary>Throws unless a forward pass has run.</summary>
    protected static T Kept<T>(T? value, string what)
        where T : class => value ?? throw new InvalidOperationException($"No forward pass has kept the {what} for the backward pass.");
}

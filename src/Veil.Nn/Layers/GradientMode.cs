namespace Veil.Nn.Layers;

/// <summary>What a backward pass does for the parameters of the layers it crosses.</summary>
public enum GradientMode
{
    /// <summary>Set each <see cref="Parameter.Gradient"/> to the gradient of the batch (the sum over its examples of the
    /// gradient of the loss the output gradient came from).</summary>
    Batch,

    /// <summary>Leave <see cref="Parameter.Gradient"/> alone and keep what each layer needs to answer per-example
    /// questions (see <see cref="PerExampleGradients"/>).</summary>
    PerExample,

    /// <summary>Compute input gradients only.</summary>
    None,
}

using Veil.Tensors;

namespace Veil.Nn.Layers;

/// <summary>
/// One step of a <see cref="Sequential"/> model. The set of layer types is closed (Linear, Conv2d, AvgPool2d,
/// MaxPool2d, ReLU, Tanh, Sigmoid, Square, Polynomial, Flatten), so code that runs a model another way (under encryption, on secret
/// shares) can switch over them exhaustively and read each one's hyperparameters and weights from its properties.
/// </summary>
/// <remarks>
/// Shapes: tensors carry a leading batch dimension; <see cref="OutputShape"/> speaks of one example.
/// Buffers: a layer owns the tensors <see cref="Forward"/> and <see cref="Backward"/> return and reuses them on the
/// next call, so a result stays valid only until the layer runs again; copy it (<see cref="Tensor.Clone"/>) to keep it.
/// A layer also keeps what its backward pass needs (its input, pooling choices), so it belongs to one model.
/// Thread-safety: not safe for concurrent use.
/// </remarks>
public abstract class Layer
{
    private protected Layer()
    {
    }

    /// <summary>The layer type's name in model files and summaries: <c>linear</c>, <c>conv2d</c>, <c>relu</c>, ...</summary>
    public abstract string Kind { get; }

    /// <summary>The trainable parameters, in a fixed order (weight, then bias); empty for layers without any.</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>The shape of one example's output for one example's input shape.</summary>
    /// <exception cref="ArgumentException">The layer cannot take input of <paramref name="inputShape"/>.</exception>
    public abstract TensorShape OutputShape(TensorShape inputShape);

    /// <summary>Computes the layer's output for a batch, and remembers what the backward pass needs.</summary>
    /// <param name="input">[batch, ...], with the per-example shape the layer takes.</param>
    /// <returns>[batch, ...OutputShape]: a buffer the layer owns (see remarks).</returns>
    /// <exception cref="ArgumentException">The input has a shape the layer cannot take.</exception>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Back-propagates through the batch of the last <see cref="Forward"/>.</summary>
    /// <param name="outputGradient">The gradient of the loss with respect to the last output (same shape).</param>
    /// <param name="mode">What to do for the parameters (see <see cref="GradientMode"/>).</param>
    /// <param name="computeInputGradient">False for the first layer of a model, whose input needs no gradient.</param>
    /// <returns>The gradient with respect to the last input (a buffer the layer owns), or null when not asked for.</returns>
    /// <exception cref="ArgumentException">The gradient's shape differs from the last output's.</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public abstract Tensor? Backward(Tensor outputGradient, GradientMode mode = GradientMode.Batch, bool computeInputGradient = true);

    /// <summary>Draws fresh parameter values (nothing for layers without parameters).</summary>
    public virtual void InitializeParameters(System.Random random)
    {
    }

    /// <summary>A one-line description with the hyperparameters, e.g. <c>Conv2d(1→20, 5×5, stride 1, padding 0)</c>.</summary>
    public abstract override string ToString();

    /// <summary>The kind and hyperparameters, as the model file stores them.</summary>
    internal abstract LayerSpec ToSpec();

    /// <summary>After a <see cref="GradientMode.PerExample"/> backward pass: for each example i and parameter j of this
    /// layer, <c>destination[i·stride + column + j] = ‖g_i(Parameters[j])‖²</c>.</summary>
    internal virtual void PerExampleSquaredNorms(Span<float> destination, int stride, int column)
    {
    }

    /// <summary>After a <see cref="GradientMode.PerExample"/> backward pass: sets each <c>Parameters[j].Gradient</c> to
    /// <c>Σ_i weights[i·stride + column + j] · g_i(Parameters[j])</c>.</summary>
    internal virtual void AccumulateWeighted(ReadOnlySpan<float> weights, int stride, int column)
    {
    }

    /// <summary>After a <see cref="GradientMode.PerExample"/> backward pass: writes every example's gradient of
    /// <c>Parameters[parameter]</c> into <paramref name="destination"/> [batch, ...shape].</summary>
    internal virtual void PerExampleGradients(int parameter, Tensor destination) =>
        throw new InvalidOperationException($"{Kind} has no parameters.");

    /// <summary>Checks that a batch has the per-example shape this layer was validated for, and returns the batch size.</summary>
    private protected static int BatchOf(Tensor tensor, string name, int minRank)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        Guard.IsTrue(tensor.Rank >= minRank, name, $"has shape {tensor.Shape}; at least {minRank} dimensions are needed");
        return tensor.Shape[0];
    }

    /// <summary>Throws unless <paramref name="gradient"/> has the shape of the last output.</summary>
    private protected static void CheckGradient(Tensor? lastOutput, Tensor gradient, string kind)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (lastOutput is null)
        {
            throw new InvalidOperationException($"{kind}: Backward called before Forward.");
        }

        Guard.IsTrue(gradient.Shape == lastOutput.Shape, nameof(gradient), $"has shape {gradient.Shape}; the last output was {lastOutput.Shape}");
    }
}

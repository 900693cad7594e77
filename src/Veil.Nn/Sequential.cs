using Veil.Nn.Layers;
using Veil.Tensors;

namespace Veil.Nn;

/// <summary>
/// A feed-forward model: layers applied in order to a batch of examples of <see cref="InputShape"/>. Holds the
/// model's name and a string property bag (<see cref="Properties"/>) that the model file stores with the weights.
/// </summary>
/// <remarks>
/// Walking a model: <see cref="Layers"/> lists the layers in order; switch on their types (<see cref="Linear"/>,
/// <see cref="Conv2d"/>, ...) and read hyperparameters and weights from their properties.
/// Buffers: <see cref="Forward"/> returns a tensor owned by the last layer, valid until the next forward pass; use
/// <see cref="PredictNew"/> for a copy.
/// Thread-safety: not safe for concurrent use (layers keep per-batch state); give each thread its own copy
/// (<see cref="Serialization.ModelFile.Clone(Sequential)"/>).
/// </remarks>
public sealed class Sequential
{
    private readonly Layer[] _layers;
    private readonly Parameter[] _parameters;
    private readonly int[] _parameterLayer;
    private readonly TensorShape[] _shapes;
    private long _forwardCount;
    private PerExampleGradients? _perExample;

    /// <summary>Creates a model and checks that each layer accepts the previous one's output.</summary>
    /// <param name="name">A short name, e.g. the zoo name <c>lenet</c>.</param>
    /// <param name="inputShape">One example's shape, e.g. [1, 28, 28].</param>
    /// <param name="layers">The layers, in order. Each must belong to this model only.</param>
    /// <exception cref="ArgumentException">There are no layers, a layer appears twice, or a layer cannot take the
    /// previous output's shape.</exception>
    public Sequential(string name, TensorShape inputShape, IEnumerable<Layer> layers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers.ToArray();
        Guard.IsTrue(_layers.Length > 0, nameof(layers), "must hold at least one layer");
        Guard.IsTrue(_layers.Distinct().Count() == _layers.Length && !_layers.Contains(null), nameof(layers), "must be distinct, non-null layers");
        Name = name;
        _shapes = new TensorShape[_layers.Length + 1];
        _shapes[0] = inputShape;
        for (int i = 0; i < _layers.Length; i++)
        {
            try
            {
                _shapes[i + 1] = _layers[i].OutputShape(_shapes[i]);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Layer {i} ({_layers[i]}) cannot follow: {ex.Message}", nameof(layers), ex);
            }
        }

        var parameters = new List<Parameter>();
        var owners = new List<int>();
        for (int i = 0; i < _layers.Length; i++)
        {
            foreach (Parameter p in _layers[i].Parameters)
            {
                parameters.Add(p);
                owners.Add(i);
            }
        }

        _parameters = [.. parameters];
        _parameterLayer = [.. owners];
    }

    /// <summary>Creates a model from layers given in order.</summary>
    /// <exception cref="ArgumentException">As <see cref="Sequential(string, TensorShape, IEnumerable{Layer})"/>.</exception>
    public Sequential(string name, TensorShape inputShape, params Layer[] layers)
        : this(name, inputShape, (IEnumerable<Layer>)layers)
    {
    }

    /// <summary>Examples per step of <see cref="Predict"/>: small enough for activations to stay in cache, large
    /// enough for the matrix products to run at full speed on both cores.</summary>
    public const int InferenceChunk = 128;

    /// <summary>The model's name (the zoo name for zoo models).</summary>
    public string Name { get; }

    /// <summary>One example's input shape, e.g. [1, 28, 28] for MNIST.</summary>
    public TensorShape InputShape => _shapes[0];

    /// <summary>One example's output shape, e.g. [10] (logits, before softmax).</summary>
    public TensorShape OutputShape => _shapes[^1];

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>All trainable parameters, layer by layer, each layer's in its own order (weight, then bias).</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The total number of trainable scalars.</summary>
    public long ParameterCount => _parameters.Sum(p => (long)p.Value.Length);

    /// <summary>
    /// Free-form string metadata stored in the model file: training settings (<c>train.seed</c>, <c>train.epochs</c>),
    /// results (<c>test.accuracy</c>), and keys later features add (<c>dp.epsilon</c>, <c>dp.delta</c>, ...).
    /// </summary>
    public IDictionary<string, string> Properties { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The per-example shape entering layer <paramref name="layer"/> (index <c>Layers.Count</c> gives the output shape).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [0, Layers.Count].</exception>
    public TensorShape ShapeBefore(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layer, _layers.Length);
        return _shapes[layer];
    }

    /// <summary>The index in <see cref="Layers"/> of the layer that owns <c>Parameters[parameterIndex]</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a parameter's.</exception>
    public int LayerOf(int parameterIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(parameterIndex, _parameters.Length);
        return _parameterLayer[parameterIndex];
    }

    /// <summary>Draws fresh parameters for every layer from a <see cref="System.Random"/> seeded with <paramref name="seed"/>.</summary>
    public void Initialize(int seed)
    {
        var random = new System.Random(seed);
        foreach (Layer layer in _layers)
        {
            layer.InitializeParameters(random);
        }
    }

    /// <summary>Runs the layers on a batch and returns the output (logits), a buffer owned by the model.</summary>
    /// <param name="input">[batch, ...InputShape]; for MNIST models, pixels scaled by <see cref="Data.MnistPreprocessing"/>.</param>
    /// <exception cref="ArgumentException">The input's shape is not [batch, ...InputShape].</exception>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Guard.IsTrue(input.Rank == InputShape.Rank + 1 && input.Shape.WithoutFirst() == InputShape, nameof(input),
            $"has shape {input.Shape}; model '{Name}' takes [batch, {InputShape.ToString()[1..]}");
        _forwardCount++;
        Tensor x = input;
        foreach (Layer layer in _layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }

    /// <summary>
    /// Inference: computes the outputs (logits) of a batch of any size into <paramref name="destination"/>, running
    /// the layers on <see cref="InferenceChunk"/> examples at a time so that every layer's activations stay in cache.
    /// Results equal <see cref="Forward"/>'s; use <see cref="Forward"/> before a backward pass.
    /// </summary>
    /// <param name="input">[batch, ...InputShape].</param>
    /// <param name="destination">[batch, ...OutputShape].</param>
    /// <exception cref="ArgumentException">A shape is wrong.</exception>
    public void Predict(Tensor input, Tensor destination)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(destination);
        Guard.IsTrue(input.Rank >= 1 && destination.Shape == OutputShape.Prepend(input.Shape[0]), nameof(destination),
            $"has shape {destination.Shape}; expected {OutputShape.Prepend(input.Rank >= 1 ? input.Shape[0] : 0)}");
        int batch = input.Shape[0];
        for (int start = 0; start < batch; start += InferenceChunk)
        {
            int count = Math.Min(InferenceChunk, batch - start);
            Forward(input.Slice(start, count)).CopyTo(destination.Slice(start, count));
        }
    }

    /// <summary>Allocating twin of <see cref="Predict"/>: returns the outputs (logits) of a batch.</summary>
    /// <exception cref="ArgumentException">The input's shape is not [batch, ...InputShape].</exception>
    public Tensor PredictNew(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Guard.IsTrue(input.Rank >= 1, nameof(input), "needs a batch dimension");
        var result = new Tensor(OutputShape.Prepend(input.Shape[0]));
        Predict(input, result);
        return result;
    }

    /// <summary>Writes each example's predicted class (the arg-max of its output) for a batch of any size.</summary>
    /// <exception cref="ArgumentException">The input's shape is wrong, or <paramref name="destination"/> is not one entry per example.</exception>
    public void Classify(Tensor input, Span<int> destination)
    {
        Tensor logits = PredictNew(input);
        Tensor.ArgMaxRows(logits.Reshape(logits.Shape[0], logits.Length / Math.Max(1, logits.Shape[0])), destination);
    }

    /// <summary>
    /// Back-propagates the gradient of a loss with respect to the last output, and sets every
    /// <see cref="Parameter.Gradient"/> to the gradient for the batch.
    /// </summary>
    /// <exception cref="ArgumentException">The gradient's shape is not the last output's.</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public void Backward(Tensor outputGradient) => RunBackward(outputGradient, GradientMode.Batch);

    /// <summary>
    /// Back-propagates the gradient of a loss with respect to the last output without forming the batch gradient, and
    /// returns an object that answers per-example questions: each example's squared gradient norms, each example's
    /// gradients, and weighted sums of them (for DP-SGD's clipping). Use a loss with
    /// <see cref="Training.LossReduction.Sum"/> so that each example's gradient is that of its own loss.
    /// </summary>
    /// <returns>Valid until the next forward or backward pass of this model.</returns>
    /// <exception cref="ArgumentException">The gradient's shape is not the last output's.</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public PerExampleGradients BackwardPerExample(Tensor outputGradient)
    {
        RunBackward(outputGradient, GradientMode.PerExample);
        _perExample = new PerExampleGradients(this, outputGradient.Shape[0], _forwardCount);
        return _perExample;
    }

    /// <summary>A multi-line description: one line per layer with its output shape, and the parameter count.</summary>
    public string Describe()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"{Name}: input {InputShape}, {ParameterCount:N0} parameters");
        for (int i = 0; i < _layers.Length; i++)
        {
            text.AppendLine($"  {i,2}  {_layers[i],-48} -> {_shapes[i + 1]}");
        }

        return text.ToString();
    }

    /// <summary>A model of the same layers (shared, not copied) and properties under another name.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public Sequential WithName(string name)
    {
        var renamed = new Sequential(name, InputShape, _layers);
        foreach (var (key, value) in Properties)
        {
            renamed.Properties[key] = value;
        }

        return renamed;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({_layers.Length} layers, {ParameterCount:N0} parameters)";

    /// <summary>Throws unless <paramref name="stamp"/> is the current forward pass and per-example state exists.</summary>
    internal void CheckCurrent(long stamp, PerExampleGradients owner)
    {
        if (stamp != _forwardCount || !ReferenceEquals(owner, _perExample))
        {
            throw new InvalidOperationException("These per-example gradients are stale: the model ran another forward or backward pass since.");
        }
    }

    private void RunBackward(Tensor outputGradient, GradientMode mode)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        _perExample = null;
        Tensor? gradient = outputGradient;
        for (int i = _layers.Length - 1; i >= 0 && gradient is not null; i--)
        {
            gradient = _layers[i].Backward(gradient, mode, computeInputGradient: i > 0);
        }
    }
}

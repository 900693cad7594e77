using Veil.Nn;
using Veil.Nn.Layers;

namespace Veil.Mpc.Nn.Training;

/// <summary>
/// A Veil.Nn <see cref="Sequential"/> whose weights are secret-shared and trainable under MPC: forward and backward
/// passes over shared batches, shared gradients, and an opening of the trained weights to one party at the end. The
/// weights stay shared throughout: no party sees them, their gradients, the activations or the ReLU derivatives.
/// </summary>
/// <remarks>
/// Every party builds the network with <see cref="Share"/> from the same architecture; only the initial owner's
/// parameter values are read (in the usual recipe the initial weights come from a public seed, so any party may own
/// them). Linear weights are held transposed, [in, out], the layout of the products.
/// Thread-safety: not thread-safe; the context's thread only.
/// </remarks>
public sealed class SecureNetwork
{
    private readonly TrainingStep[] _steps;
    private readonly Sequential _architecture;

    private SecureNetwork(MpcContext context, Sequential architecture, TrainingStep[] steps)
    {
        Context = context;
        _architecture = architecture;
        _steps = steps;
        Parameters = steps.SelectMany(s => s.Parameters).ToArray();
    }

    /// <summary>The context (party) the shares belong to.</summary>
    public MpcContext Context { get; }

    /// <summary>The model's name.</summary>
    public string Name => _architecture.Name;

    /// <summary>The shape of one input, without the batch dimension.</summary>
    public Veil.Tensors.TensorShape InputShape => _architecture.InputShape;

    /// <summary>The number of outputs per example.</summary>
    public int Classes => _architecture.OutputShape.ElementCount;

    /// <summary>The shared trainable tensors, in the order of the architecture's parameters.</summary>
    public IReadOnlyList<SharedParameter> Parameters { get; }

    /// <summary>The compiled steps, one line each.</summary>
    public IReadOnlyList<string> Steps => _steps.Select(s => s.Describe()).ToArray();

    /// <summary>Whether the model can be trained under MPC; otherwise <paramref name="reason"/> names the layer that cannot.</summary>
    public static bool Supports(Sequential model, out string reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.OutputShape.Rank != 1)
        {
            reason = $"its output {model.OutputShape} is not a vector";
            return false;
        }

        foreach (Layer layer in model.Layers)
        {
            bool supported = layer switch
            {
                Linear or ReLU or Flatten => true,
                Conv2d conv => conv.Stride == 1,
                MaxPool2d pool => int.IsPow2(pool.KernelSize * pool.KernelSize),
                _ => false,
            };
            if (!supported)
            {
                reason = $"layer {layer} has no secure training step (supported: linear, conv2d of stride 1, relu, maxpool2d, flatten)";
                return false;
            }
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>
    /// Compiles <paramref name="architecture"/> and secret-shares the parameters of party <paramref name="owner"/> (no
    /// communication). Every party calls it with the same architecture.
    /// </summary>
    /// <exception cref="ArgumentException">The model has a layer with no secure training step (see <see cref="Supports"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight is too large for the format, or the owner is not a party.</exception>
    public static SecureNetwork Share(MpcContext context, Sequential architecture, int owner)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(architecture);
        Guard.InRange(owner, 0, context.PartyCount - 1);
        if (!Supports(architecture, out string reason))
        {
            throw new ArgumentException($"Model '{architecture.Name}' cannot be trained under MPC: {reason}.", nameof(architecture));
        }

        bool mine = context.PartyId == owner;
        var steps = new List<TrainingStep>();
        IReadOnlyList<Layer> layers = architecture.Layers;
        int firstWeighted = layers.ToList().FindIndex(l => l is Linear or Conv2d);
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] is ReLU && i + 1 < layers.Count && layers[i + 1] is MaxPool2d first)
            {
                // max(relu(x)) = relu(max(x)), and relu's derivative at the winner routes the same gradient.
                steps.Add(new MaxPoolTrainingStep(first.KernelSize, first.Stride));
                steps.Add(new ReluTrainingStep());
                i++;
                continue;
            }

            steps.Add(layers[i] switch
            {
                Linear linear => new DenseTrainingStep(
                    new SharedParameter($"{i}.weight", SharedTensor.Share(context, owner, mine ? Transposed(linear) : [], new TensorShape(linear.InFeatures, linear.OutFeatures))),
                    linear.Bias is { } bias ? new SharedParameter($"{i}.bias", SharedTensor.Share(context, owner, mine ? ToDoubles(bias.Span) : [], new TensorShape(linear.OutFeatures))) : null,
                    computesInputGradient: i > firstWeighted),
                Conv2d conv => new ConvTrainingStep(
                    new SharedParameter($"{i}.weight", SharedTensor.Share(context, owner, mine ? ToDoubles(conv.Weight.Span) : [], new TensorShape(conv.OutChannels, conv.InChannels, conv.KernelSize, conv.KernelSize))),
                    conv.Bias is { } convBias ? new SharedParameter($"{i}.bias", SharedTensor.Share(context, owner, mine ? ToDoubles(convBias.Span) : [], new TensorShape(conv.OutChannels))) : null,
                    conv.Padding),
                MaxPool2d pool => new MaxPoolTrainingStep(pool.KernelSize, pool.Stride),
                ReLU => new ReluTrainingStep(),
                Flatten => new FlattenTrainingStep(),
                Layer other => throw new ArgumentException($"Layer {other} has no secure training step.", nameof(architecture)),
            });
        }

        return new SecureNetwork(context, ModelFileClone(architecture), [.. steps]);
    }

    /// <summary>
    /// The forward pass of a shared batch [batch, ...input shape]: the shared outputs [batch, Classes], which may carry
    /// 2f fractional bits (the last product is not truncated). Keeps what <see cref="Backward"/> needs.
    /// </summary>
    /// <exception cref="ParameterMismatchException">The batch belongs to another context.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public SharedTensor Forward(SharedTensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!ReferenceEquals(batch.Context, Context))
        {
            throw new ParameterMismatchException("The batch belongs to another MPC context than the network.");
        }

        SharedTensor x = batch;
        foreach (TrainingStep step in _steps)
        {
            x = step.Forward(x);
        }

        return x.Reshape(new TensorShape(x.Shape[0], Classes));
    }

    /// <summary>
    /// The backward pass from the shared gradient of the last forward pass's outputs: sets every parameter's
    /// <see cref="SharedParameter.Gradient"/> (summed over the batch). The first layer's input gradient is not computed.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public void Backward(SharedTensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        SharedTensor? gradient = outputGradient;
        int first = Array.FindIndex(_steps, s => s.Parameters.Count > 0);
        for (int i = _steps.Length - 1; i >= 0 && gradient is not null; i--)
        {
            gradient = _steps[i].Backward(gradient, inputGradient: i > first);
        }
    }

    /// <summary>
    /// Opens the trained weights to <paramref name="party"/> only (one round per tensor) and returns them there as a
    /// new Veil.Nn model; null on every other party.
    /// </summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public Sequential? RevealTo(int party)
    {
        Guard.InRange(party, 0, Context.PartyCount - 1);
        var opened = Parameters.Select(p => p.Value.RevealTo(party)).ToArray();
        if (Context.PartyId != party)
        {
            return null;
        }

        Sequential model = ModelFileClone(_architecture);
        int next = 0;
        foreach (Layer layer in model.Layers)
        {
            if (layer is Conv2d conv)
            {
                Copy(opened[next++]!, conv.Weight.Span);
                if (conv.Bias is { } convBias)
                {
                    Copy(opened[next++]!, convBias.Span);
                }
            }
            else if (layer is Linear linear)
            {
                double[] w = opened[next++]!;
                Span<float> weight = linear.Weight.Span;
                for (int o = 0; o < linear.OutFeatures; o++)
                {
                    for (int i = 0; i < linear.InFeatures; i++)
                    {
                        weight[(o * linear.InFeatures) + i] = (float)w[(i * linear.OutFeatures) + o];
                    }
                }

                if (linear.Bias is { } bias)
                {
                    double[] b = opened[next++]!;
                    for (int o = 0; o < b.Length; o++)
                    {
                        bias.Span[o] = (float)b[o];
                    }
                }
            }
        }

        return model;
    }

    private static void Copy(double[] values, Span<float> destination)
    {
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = (float)values[i];
        }
    }

    private static Sequential ModelFileClone(Sequential model) => Veil.Nn.Serialization.ModelFile.Clone(model);

    private static double[] Transposed(Linear linear)
    {
        ReadOnlySpan<float> w = linear.Weight.Span;
        var values = new double[w.Length];
        for (int o = 0; o < linear.OutFeatures; o++)
        {
            for (int i = 0; i < linear.InFeatures; i++)
            {
                values[(i * linear.OutFeatures) + o] = w[(o * linear.InFeatures) + i];
            }
        }

        return values;
    }

    private static double[] ToDoubles(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}

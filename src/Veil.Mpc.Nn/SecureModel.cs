using Veil.Mpc.Nn.Steps;
using Veil.Nn;
using Veil.Nn.Layers;
using MpcShape = Veil.Mpc.TensorShape;

namespace Veil.Mpc.Nn;

/// <summary>
/// A Veil.Nn <see cref="Sequential"/> compiled for secure two-or-more-party inference: the model owner's weights are
/// secret-shared (the other parties see only uniformly random shares and masked openings), a data owner's batch is
/// shared as one tensor, every layer runs as one protocol step for the whole batch, and the logits stay shared until
/// the data owner alone learns them or their argmax.
/// </summary>
/// <remarks>
/// Every party builds the model with <see cref="Share"/> from the same architecture; only the model owner's weights
/// are read. The architecture (layer kinds and sizes, activation coefficients) is public; the weights are not.
/// Compilation swaps ReLU followed by max pooling (they commute, and pooling first compares four times fewer values),
/// adds biases at the product's scale and defers every truncation to the next layer that needs the format, so average
/// pooling by a power-of-two window costs nothing.
/// Thread-safety: immutable after construction; evaluation needs the context's thread.
/// </remarks>
public sealed class SecureModel
{
    private readonly SecureStep[] _steps;

    private SecureModel(MpcContext context, Sequential architecture, int modelOwner, SecureStep[] steps)
    {
        Context = context;
        Name = architecture.Name;
        InputShape = architecture.InputShape;
        Classes = architecture.OutputShape.ElementCount;
        ModelOwner = modelOwner;
        _steps = steps;
    }

    /// <summary>The context (party) the shares belong to.</summary>
    public MpcContext Context { get; }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>The shape of one input, without the batch dimension (e.g. [1, 28, 28]).</summary>
    public Veil.Tensors.TensorShape InputShape { get; }

    /// <summary>The number of logits per input.</summary>
    public int Classes { get; }

    /// <summary>The party that shared the weights.</summary>
    public int ModelOwner { get; }

    /// <summary>The compiled steps, one line each, in evaluation order.</summary>
    public IReadOnlyList<string> Steps => _steps.Select(s => s.Describe()).ToArray();

    /// <summary>Whether the model can be compiled; otherwise <paramref name="reason"/> says which layer cannot.</summary>
    public static bool Supports(Sequential model, out string reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.OutputShape.Rank != 1)
        {
            reason = $"its output {model.OutputShape} is not a vector of logits";
            return false;
        }

        foreach (Layer layer in model.Layers)
        {
            bool supported = layer switch
            {
                Linear or Conv2d or ReLU or MaxPool2d or AvgPool2d or Square or Flatten => true,
                Polynomial p => p.Degree <= PolynomialStep.MaxDegree,
                _ => false,
            };
            if (!supported)
            {
                reason = $"layer {layer} has no secure counterpart (supported: linear, conv2d, relu, maxpool2d, avgpool2d, square, polynomial of degree ≤ {PolynomialStep.MaxDegree}, flatten)";
                return false;
            }
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>
    /// Compiles <paramref name="architecture"/> and secret-shares the weights of party <paramref name="modelOwner"/>.
    /// Every party calls it with the same architecture; only the owner's parameter values are read. Costs one round per
    /// weight tensor (each is prepared for all later products) and no communication for biases.
    /// </summary>
    /// <exception cref="ArgumentException">The model has a layer with no secure counterpart (see <see cref="Supports"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight is too large for the fixed-point format, or the owner is not a party.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SecureModel Share(MpcContext context, Sequential architecture, int modelOwner)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(architecture);
        Guard.InRange(modelOwner, 0, context.PartyCount - 1);
        if (!Supports(architecture, out string reason))
        {
            throw new ArgumentException($"Model '{architecture.Name}' cannot run under MPC: {reason}.", nameof(architecture));
        }

        var sharing = new WeightSharing(context, modelOwner);
        OwnedWeights? owned = context.PartyCount == 2 && context.Triples.ProvidesOwnedProducts ? new OwnedWeights(context, modelOwner) : null;
        var steps = new List<SecureStep>();
        IReadOnlyList<Layer> layers = architecture.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] is ReLU && i + 1 < layers.Count && layers[i + 1] is MaxPool2d pool)
            {
                // max(relu(x)) = relu(max(x)): pool first, so the ReLU compares a quarter of the values.
                steps.Add(new MaxPoolStep(pool.KernelSize, pool.Stride));
                steps.Add(new ReluStep());
                i++;
                continue;
            }

            steps.Add(layers[i] switch
            {
                Linear linear when owned is not null => new LinearStep(WeightOperand.Of(owned.Matrix(linear)), sharing.Bias(linear.Bias, linear.OutFeatures)),
                Conv2d conv when owned is not null => new ConvStep(WeightOperand.Of(owned.Kernel(conv)), sharing.Bias(conv.Bias, conv.OutChannels), conv.Stride, conv.Padding),
                Linear linear => new LinearStep(WeightOperand.Of(sharing.Matrix(linear)), sharing.Bias(linear.Bias, linear.OutFeatures)),
                Conv2d conv => new ConvStep(WeightOperand.Of(sharing.Kernel(conv)), sharing.Bias(conv.Bias, conv.OutChannels), conv.Stride, conv.Padding),
                ReLU => new ReluStep(),
                MaxPool2d max => new MaxPoolStep(max.KernelSize, max.Stride),
                AvgPool2d avg => new AvgPoolStep(avg.KernelSize, avg.Stride),
                Square => new SquareStep(),
                Polynomial polynomial => new PolynomialStep(polynomial.Coefficients),
                Flatten => new FlattenStep(),
                _ => throw new ArgumentException($"Layer {layers[i]} has no secure counterpart.", nameof(architecture)),
            });
        }

        return new SecureModel(context, architecture, modelOwner, [.. steps]);
    }

    /// <summary>
    /// Secret-shares a batch of <paramref name="batch"/> inputs of party <paramref name="dataOwner"/> as one tensor
    /// [batch, ...InputShape], with no communication. Every party calls it; only the owner passes values.
    /// </summary>
    /// <exception cref="ArgumentException">The owner's values do not hold <paramref name="batch"/> inputs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is too large for the format, or the owner is not a party.</exception>
    public SharedTensor ShareInput(int dataOwner, ReadOnlySpan<float> inputs, int batch)
    {
        Guard.Positive(batch);
        double[] values = [];
        if (Context.PartyId == Guard.InRange(dataOwner, 0, Context.PartyCount - 1))
        {
            Guard.LengthEquals(inputs.Length, batch * InputShape.ElementCount, nameof(inputs));
            values = new double[inputs.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = inputs[i];
            }
        }

        return SharedTensor.Share(Context, dataOwner, values, new MpcShape([batch, .. InputShape.Dimensions]));
    }

    /// <summary>
    /// Evaluates the model on a shared batch: returns the shared logits [batch, Classes], which may carry more
    /// fractional bits than the format (the last product is not truncated: argmax and opening do not need it).
    /// </summary>
    /// <exception cref="ParameterMismatchException">The input belongs to another context.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public SharedTensor Forward(SharedTensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ReferenceEquals(input.Context, Context))
        {
            throw new ParameterMismatchException("The input belongs to another MPC context than the model.");
        }

        SharedTensor x = input;
        foreach (SecureStep step in _steps)
        {
            x = step.Apply(x);
        }

        return x.Reshape(new MpcShape(x.Shape[0], Classes));
    }

    /// <summary>
    /// The predicted class of each input, computed under MPC (secure argmax) and opened to <paramref name="dataOwner"/>
    /// only: the owner gets the classes, every other party null. The logits are never opened.
    /// </summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public int[]? PredictFor(SharedTensor input, int dataOwner)
    {
        ulong[]? classes = Forward(input).Argmax().RevealEncodedTo(dataOwner);
        return classes is null ? null : Array.ConvertAll(classes, c => checked((int)c));
    }

    /// <summary>The logits [batch × Classes], row-major, opened to <paramref name="dataOwner"/> only (null elsewhere).</summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public double[]? LogitsFor(SharedTensor input, int dataOwner) => Forward(input).RevealTo(dataOwner);
}

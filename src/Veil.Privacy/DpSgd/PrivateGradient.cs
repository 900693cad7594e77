using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Privacy.Clipping;
using Veil.Privacy.Mechanisms;
using Veil.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Veil.Privacy.DpSgd;

/// <summary>
/// The private gradient of one DP-SGD step for a model: the sum over a batch of per-example gradients, each clipped to
/// L2 norm at most <see cref="IGradientClipping.Sensitivity"/>, plus Gaussian noise, divided by the expected batch size.
/// </summary>
/// <remarks>
/// <para>A step is <see cref="Clear"/>, <see cref="Accumulate"/> (any number of times), <see cref="AddNoise(IReadOnlyList{GaussianNoise}, double)"/>,
/// <see cref="WriteGradients"/>, after which each <see cref="Parameter.Gradient"/> holds the private gradient and any
/// optimizer may step (post-processing). <see cref="Accumulate"/> runs the batch through the model in physical
/// micro-batches of at most <see cref="PhysicalBatchSize"/> examples (activations stay in cache; a Poisson batch of any
/// size fits), and per micro-batch: one forward pass, one per-example backward pass
/// (<see cref="Sequential.BackwardPerExample"/>: no per-example loop over the network), per-example squared norms,
/// clipping factors, and one weighted sum per layer.</para>
/// <para>Clipping groups are the model's parameterized layers (a layer's weight and bias together). The engine sums
/// squares in float; the clipping factors allow for that error (<see cref="RelativeNormError"/>), so every clipped
/// per-example gradient, as the engine computes it, has norm at most the sensitivity.</para>
/// <para>Thread-safety: not safe for concurrent use (drives one model).</para>
/// </remarks>
public sealed class PrivateGradient
{
    /// <summary>Below this many coordinates per generator, noise is drawn by one generator (threads cost more).</summary>
    private const long MinimumCoordinatesPerLane = 16384;

    private readonly Sequential _model;
    private readonly int[] _groupOf;
    private readonly float[][] _sums;
    private readonly int _parameters;
    private Tensor? _images;
    private Tensor? _outputGradient;
    private int[] _labels = [];
    private int[] _predicted = [];
    private float[] _squaredNorms = [];
    private double[] _groupNorms = [];
    private double[] _factors = [];
    private float[] _weights = [];

    /// <summary>Creates the computation for <paramref name="model"/>.</summary>
    /// <param name="model">The model being trained.</param>
    /// <param name="clipping">The clipping rule; a <see cref="PerLayerClipping"/> must have one threshold per
    /// trained parameterized layer (<see cref="Groups"/>).</param>
    /// <param name="physicalBatchSize">The most examples run through the model at once.</param>
    /// <param name="frozenLayers">Indices into <c>model.Layers</c> of layers whose parameters stay as they are (their
    /// gradients are neither clipped nor noised nor used); null or empty to train every layer.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The clipping rule has the wrong number of layers.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="physicalBatchSize"/> is not positive.</exception>
    /// <exception cref="PrivacyParameterException">A frozen index is not a layer with parameters, or no layer is left
    /// to train.</exception>
    public PrivateGradient(Sequential model, IGradientClipping clipping, int physicalBatchSize = 256, IReadOnlyCollection<int>? frozenLayers = null)
    {
        _model = Guard.NotNull(model);
        Clipping = Guard.NotNull(clipping);
        PhysicalBatchSize = Guard.Positive(physicalBatchSize);
        _parameters = model.Parameters.Count;
        IReadOnlyList<int> trained = TrainedLayers(model, frozenLayers);
        _groupOf = new int[_parameters];
        for (int j = 0; j < _parameters; j++)
        {
            int group = -1;
            for (int g = 0; g < trained.Count; g++)
            {
                group = trained[g] == model.LayerOf(j) ? g : group;
            }

            _groupOf[j] = group;
        }

        Groups = trained.Count;
        if (clipping is PerLayerClipping perLayer)
        {
            Guard.IsTrue(perLayer.Layers == Groups, nameof(clipping), $"has {perLayer.Layers} thresholds; the model trains {Groups} parameterized layers");
        }

        _sums = [.. model.Parameters.Select((p, j) => new float[_groupOf[j] < 0 ? 0 : p.Value.Length])];
        TrainedParameters = [.. model.Parameters.Where((_, j) => _groupOf[j] >= 0)];
        RelativeNormError = SquaredNormError.For(model);
    }

    /// <summary>The model.</summary>
    public Sequential Model => _model;

    /// <summary>The clipping rule.</summary>
    public IGradientClipping Clipping { get; }

    /// <summary>The most examples run through the model at once.</summary>
    public int PhysicalBatchSize { get; }

    /// <summary>The number of clipping groups: the parameterized layers trained.</summary>
    public int Groups { get; }

    /// <summary>The parameters trained (those of the layers not frozen): the optimizer steps these only.</summary>
    public IReadOnlyList<Parameter> TrainedParameters { get; }

    /// <summary>The bound on the relative error of the engine's float squared norms that clipping allows for.</summary>
    public double RelativeNormError { get; }

    /// <summary>Called after each micro-batch is clipped, with the per-example gradients and the weights (one per
    /// example and parameter, row-major) applied to them: lets tests inspect every clipped per-example gradient.</summary>
    internal Action<PerExampleGradients, ReadOnlyMemory<float>>? ClippedMicroBatch { get; set; }

    /// <summary>The clipping group (trained parameterized layer, counted from 0) of
    /// <c>Model.Parameters[parameterIndex]</c>, or -1 when its layer is frozen.</summary>
    /// <exception cref="IndexOutOfRangeException">The index is not a parameter's.</exception>
    public int GroupOf(int parameterIndex) => _groupOf[parameterIndex];

    /// <summary>The indices into <c>model.Layers</c> of the layers trained: those with parameters, less the frozen.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="PrivacyParameterException">A frozen index is not a layer with parameters, or no layer is left
    /// to train.</exception>
    public static IReadOnlyList<int> TrainedLayers(Sequential model, IReadOnlyCollection<int>? frozenLayers = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var withParameters = Enumerable.Range(0, model.Parameters.Count).Select(model.LayerOf).Distinct().ToList();
        foreach (int layer in frozenLayers ?? [])
        {
            if (!withParameters.Contains(layer))
            {
                throw new PrivacyParameterException(
                    $"cannot freeze layer {layer}: {model.Name}'s layers with parameters are {string.Join(", ", withParameters)}.");
            }
        }

        List<int> trained = [.. withParameters.Where(layer => frozenLayers is null || !frozenLayers.Contains(layer))];
        return trained.Count > 0 ? trained : throw new PrivacyParameterException($"every layer of {model.Name} is frozen; nothing is left to train.");
    }

    /// <summary>The running sum for <c>Model.Parameters[parameterIndex]</c>: clipped gradients, then noise once
    /// <see cref="AddNoise(IReadOnlyList{GaussianNoise}, double)"/> ran (empty for a frozen parameter).</summary>
    /// <exception cref="IndexOutOfRangeException">The index is not a parameter's.</exception>
    public ReadOnlySpan<float> Sum(int parameterIndex) => _sums[parameterIndex];

    /// <summary>Starts a new step: every sum to zero.</summary>
    public void Clear()
    {
        foreach (float[] sum in _sums)
        {
            sum.AsSpan().Clear();
        }
    }

    /// <summary>Adds the clipped gradients of the examples at <paramref name="batch"/> to the sums.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="batch">Indices of the examples of the batch (any number, including none).</param>
    /// <returns>The batch's loss and accuracy before the update (not private; see <see cref="BatchStatistics"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The model does not take MNIST images.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not an example of <paramref name="data"/>.</exception>
    public BatchStatistics Accumulate(MnistDataset data, ReadOnlySpan<int> batch)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.IsTrue(_model.InputShape == MnistPreprocessing.ImageShape, nameof(data), $"model '{_model.Name}' takes {_model.InputShape}, not MNIST images");
        var total = default(BatchStatistics);

        // Equal micro-batches of at most PhysicalBatchSize: no tiny remainder batch.
        int chunks = (batch.Length + PhysicalBatchSize - 1) / PhysicalBatchSize;
        for (int c = 0, start = 0; c < chunks; c++)
        {
            int end = (int)((long)batch.Length * (c + 1) / chunks);
            total += AccumulateMicroBatch(data, batch[start..end]);
            start = end;
        }

        return total;
    }

    /// <summary>Adds independent N(0, <paramref name="standardDeviation"/>²) noise to every coordinate of every sum.
    /// With several generators, the coordinates (all sums end to end) are split into equal contiguous ranges, one per
    /// generator, drawn in parallel: the result does not depend on thread scheduling.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="noise"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="noise"/> is empty.</exception>
    /// <exception cref="PrivacyParameterException">The standard deviation is negative or not finite.</exception>
    public void AddNoise(IReadOnlyList<GaussianNoise> noise, double standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(noise);
        Guard.IsTrue(noise.Count > 0, nameof(noise), "needs at least one generator");
        PrivacyGuard.NotNegative(standardDeviation, "standard deviation");
        long total = _sums.Sum(s => (long)s.Length);
        int lanes = total >= MinimumCoordinatesPerLane * noise.Count ? noise.Count : 1;
        if (lanes == 1)
        {
            AddNoise(noise[0], standardDeviation, 0, total);
            return;
        }

        Parallel.For(0, lanes, new ParallelOptions { MaxDegreeOfParallelism = lanes }, lane =>
            AddNoise(noise[lane], standardDeviation, total * lane / lanes, total * (lane + 1) / lanes));
    }

    /// <summary>Adds noise from one generator to every coordinate of every sum.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="noise"/> is null.</exception>
    /// <exception cref="PrivacyParameterException">The standard deviation is negative or not finite.</exception>
    public void AddNoise(GaussianNoise noise, double standardDeviation) => AddNoise([Guard.NotNull(noise)], standardDeviation);

    /// <summary>Noise for coordinates [from, to) of the sums laid end to end.</summary>
    private void AddNoise(GaussianNoise noise, double standardDeviation, long from, long to)
    {
        long offset = 0;
        foreach (float[] sum in _sums)
        {
            long start = Math.Max(from, offset), end = Math.Min(to, offset + sum.Length);
            if (start < end)
            {
                noise.AddTo(sum.AsSpan((int)(start - offset), (int)(end - start)), standardDeviation);
            }

            offset += sum.Length;
        }
    }

    /// <summary>Sets each trained <see cref="Parameter.Gradient"/> to its sum divided by <paramref name="divisor"/>
    /// (DP-SGD divides by the expected batch size qN, a constant, so the division reveals nothing about the batch);
    /// frozen parameters' gradients are set to zero.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="divisor"/> is not positive.</exception>
    public void WriteGradients(double divisor)
    {
        Guard.IsTrue(divisor > 0 && double.IsFinite(divisor), nameof(divisor), "must be positive and finite");
        float scale = (float)(1 / divisor);
        for (int j = 0; j < _parameters; j++)
        {
            if (_groupOf[j] < 0)
            {
                _model.Parameters[j].Gradient.Clear();
            }
            else
            {
                TP.Multiply(_sums[j], scale, _model.Parameters[j].Gradient.Span);
            }
        }
    }

    private BatchStatistics AccumulateMicroBatch(MnistDataset data, ReadOnlySpan<int> batch)
    {
        int n = batch.Length;
        if (n == 0)
        {
            return default;
        }

        EnsureCapacity(n);
        _images = Tensor.Reuse(_images, MnistPreprocessing.ImageShape.Prepend(n));
        Span<int> labels = _labels.AsSpan(0, n);
        MnistPreprocessing.Gather(data, batch, _images, labels);
        Tensor logits = _model.Forward(_images);
        Span<int> predicted = _predicted.AsSpan(0, n);
        Tensor.ArgMaxRows(logits, predicted);
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }

        _outputGradient = Tensor.Reuse(_outputGradient, logits.Shape);
        double loss = SoftmaxCrossEntropy.Compute(logits, labels, _outputGradient, LossReduction.Sum);
        PerExampleGradients perExample = _model.BackwardPerExample(_outputGradient);

        // Per-example norms of each clipping group, from the engine's squared norms per parameter.
        Span<float> squared = _squaredNorms.AsSpan(0, n * _parameters);
        perExample.SquaredNorms(squared);
        Span<double> groupNorms = _groupNorms.AsSpan(0, n * Groups);
        groupNorms.Clear();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < _parameters; j++)
            {
                if (_groupOf[j] >= 0)
                {
                    groupNorms[(i * Groups) + _groupOf[j]] += squared[(i * _parameters) + j];
                }
            }
        }

        for (int k = 0; k < groupNorms.Length; k++)
        {
            groupNorms[k] = Math.Sqrt(groupNorms[k]);
        }

        Span<double> factors = _factors.AsSpan(0, n * Groups);
        Clipping.ComputeFactors(groupNorms, Groups, factors, RelativeNormError);
        Span<float> weights = _weights.AsSpan(0, n * _parameters);
        int clipped = 0;
        for (int i = 0; i < n; i++)
        {
            bool any = false;
            for (int j = 0; j < _parameters; j++)
            {
                double factor = _groupOf[j] < 0 ? 0 : factors[(i * Groups) + _groupOf[j]];
                weights[(i * _parameters) + j] = (float)factor;
                any |= _groupOf[j] >= 0 && factor < 1;
            }

            clipped += any ? 1 : 0;
        }

        perExample.AccumulateWeighted(weights);
        ClippedMicroBatch?.Invoke(perExample, _weights.AsMemory(0, n * _parameters));
        for (int j = 0; j < _parameters; j++)
        {
            if (_groupOf[j] >= 0)
            {
                TP.Add(_sums[j], _model.Parameters[j].Gradient.Span, _sums[j]);
            }
        }

        return new BatchStatistics(n, loss, correct, clipped);
    }

    private void EnsureCapacity(int n)
    {
        if (_labels.Length < n)
        {
            _labels = new int[n];
            _predicted = new int[n];
            _squaredNorms = new float[n * _parameters];
            _groupNorms = new double[n * Groups];
            _factors = new double[n * Groups];
            _weights = new float[n * _parameters];
        }
    }
}

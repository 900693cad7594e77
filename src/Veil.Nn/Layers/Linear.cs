using Veil.Tensors;
using Veil.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Veil.Nn.Layers;

/// <summary>
/// A fully connected layer: <c>y = x · Wᵀ + b</c> for x of shape [batch, in], with <see cref="Weight"/> of shape
/// [out, in] (row o holds the weights into output o) and <see cref="Bias"/> of shape [out].
/// </summary>
/// <remarks>
/// Per-example gradients: <c>∂W_i = dy_iᵀ x_i</c> (an outer product) and <c>∂b_i = dy_i</c>, so
/// <c>‖∂W_i‖² = ‖dy_i‖²·‖x_i‖²</c> costs O(batch·(in+out)) and a weighted sum is one matrix product.
/// Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).
/// </remarks>
public sealed class Linear : Layer
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly Parameter[] _parameters;
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private Tensor? _outputGradient;
    private Tensor? _scaled;

    /// <summary>Creates a layer with zero weights; call <see cref="InitializeParameters"/> or load weights.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Linear(int inFeatures, int outFeatures, bool bias = true)
    {
        InFeatures = Guard.Positive(inFeatures);
        OutFeatures = Guard.Positive(outFeatures);
        _weight = new Parameter("weight", new TensorShape(outFeatures, inFeatures));
        _bias = bias ? new Parameter("bias", new TensorShape(outFeatures)) : null;
        _parameters = _bias is null ? [_weight] : [_weight, _bias];
    }

    /// <inheritdoc />
    public override string Kind => "linear";

    /// <summary>Inputs per example.</summary>
    public int InFeatures { get; }

    /// <summary>Outputs per example.</summary>
    public int OutFeatures { get; }

    /// <summary>The weights, [out, in].</summary>
    public Tensor Weight => _weight.Value;

    /// <summary>The bias, [out], or null when the layer has none.</summary>
    public Tensor? Bias => _bias?.Value;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape inputShape)
    {
        Guard.IsTrue(inputShape == new TensorShape(InFeatures), nameof(inputShape), $"is {inputShape}; {this} takes [{InFeatures}] (add a Flatten layer before it)");
        return new TensorShape(OutFeatures);
    }

    /// <summary>Uniform in ±1/√in for weights and bias (the usual default for fully connected layers).</summary>
    public override void InitializeParameters(System.Random random) =>
        Initializers.FanInUniform(_weight, _bias, InFeatures, random);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        int batch = BatchOf(input, nameof(input), 2);
        Guard.IsTrue(input.Rank == 2 && input.Shape[1] == InFeatures, nameof(input), $"has shape {input.Shape}; {this} takes [batch, {InFeatures}]");
        _input = input;
        _output = Tensor.Reuse(_output, new TensorShape(batch, OutFeatures));
        Gemm.Multiply(batch, OutFeatures, InFeatures, input.Span, InFeatures, false, Weight.Span, InFeatures, true, _output.Span, OutFeatures);
        if (_bias is not null)
        {
            ReadOnlySpan<float> b = _bias.Value.Span;
            Span<float> y = _output.Span;
            for (int i = 0; i < batch; i++)
            {
                Span<float> row = y.Slice(i * OutFeatures, OutFeatures);
                TP.Add(row, b, row);
            }
        }

        return _output;
    }

    /// <inheritdoc />
    public override Tensor? Backward(Tensor outputGradient, GradientMode mode = GradientMode.Batch, bool computeInputGradient = true)
    {
        CheckGradient(_output, outputGradient, Kind);
        Tensor input = _input!;
        int batch = input.Shape[0];
        _outputGradient = outputGradient;
        if (mode == GradientMode.Batch)
        {
            WeightedSum(outputGradient.Span, batch);
        }

        if (!computeInputGradient)
        {
            return null;
        }

        _inputGradient = Tensor.Reuse(_inputGradient, input.Shape);
        Gemm.Multiply(batch, InFeatures, OutFeatures, outputGradient.Span, OutFeatures, false, Weight.Span, InFeatures, false, _inputGradient.Span, InFeatures);
        return _inputGradient;
    }

    /// <inheritdoc />
    public override string ToString() => $"Linear({InFeatures}→{OutFeatures}{(_bias is null ? ", no bias" : string.Empty)})";

    internal override LayerSpec ToSpec() =>
        new LayerSpec(Kind).With("in", InFeatures).With("out", OutFeatures).With("bias", _bias is null ? 0 : 1);

    internal override void PerExampleSquaredNorms(Span<float> destination, int stride, int column)
    {
        var (xs, dys, batch) = PerExampleState();
        ReadOnlySpan<float> x = xs.Span, dy = dys.Span;
        for (int i = 0; i < batch; i++)
        {
            float dyNorm = TP.SumOfSquares(dy.Slice(i * OutFeatures, OutFeatures));
            float xNorm = TP.SumOfSquares(x.Slice(i * InFeatures, InFeatures));
            destination[(i * stride) + column] = dyNorm * xNorm;
            if (_bias is not null)
            {
                destination[(i * stride) + column + 1] = dyNorm;
            }
        }
    }

    internal override void AccumulateWeighted(ReadOnlySpan<float> weights, int stride, int column)
    {
        var (_, dys, batch) = PerExampleState();
        ReadOnlySpan<float> dy = dys.Span;
        _scaled = Tensor.Reuse(_scaled, new TensorShape(batch, OutFeatures));
        Span<float> scaled = _scaled.Span;
        for (int i = 0; i < batch; i++)
        {
            TP.Multiply(dy.Slice(i * OutFeatures, OutFeatures), weights[(i * stride) + column], scaled.Slice(i * OutFeatures, OutFeatures));
        }

        Gemm.Multiply(OutFeatures, InFeatures, batch, scaled, OutFeatures, true, _input!.Span, InFeatures, false, _weight.Gradient.Span, InFeatures);
        if (_bias is not null)
        {
            for (int i = 0; i < batch; i++)
            {
                TP.Multiply(dy.Slice(i * OutFeatures, OutFeatures), weights[(i * stride) + column + 1], scaled.Slice(i * OutFeatures, OutFeatures));
            }

            ColumnSums(scaled, batch, _bias.Gradient.Span);
        }
    }

    internal override void PerExampleGradients(int parameter, Tensor destination)
    {
        var (xs, dys, batch) = PerExampleState();
        ReadOnlySpan<float> x = xs.Span, dy = dys.Span;
        Span<float> to = destination.Span;
        if (parameter == 0)
        {
            for (int i = 0; i < batch; i++)
            {
                // Outer product dy_iᵀ x_i as a rank-1 matrix product.
                Gemm.Multiply(OutFeatures, InFeatures, 1, dy.Slice(i * OutFeatures, OutFeatures), 1, false,
                    x.Slice(i * InFeatures, InFeatures), InFeatures, false, to.Slice(i * OutFeatures * InFeatures, OutFeatures * InFeatures), InFeatures);
            }
        }
        else
        {
            dy.CopyTo(to);
        }
    }

    private void WeightedSum(ReadOnlySpan<float> dy, int batch)
    {
        Gemm.Multiply(OutFeatures, InFeatures, batch, dy, OutFeatures, true, _input!.Span, InFeatures, false, _weight.Gradient.Span, InFeatures);
        if (_bias is not null)
        {
            ColumnSums(dy, batch, _bias.Gradient.Span);
        }
    }

    private (Tensor X, Tensor Dy, int Batch) PerExampleState()
    {
        if (_input is null || _outputGradient is null)
        {
            throw new InvalidOperationException("Linear: no per-example backward pass has run.");
        }

        return (_input, _outputGradient, _input.Shape[0]);
    }

    private void ColumnSums(ReadOnlySpan<float> rows, int batch, Span<float> destination)
    {
        destination.Clear();
        for (int i = 0; i < batch; i++)
        {
            TP.Add(destination, rows.Slice(i * OutFeatures, OutFeatures), destination);
        }
    }
}

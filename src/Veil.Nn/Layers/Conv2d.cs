using Veil.Tensors;
using Veil.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Veil.Nn.Layers;

/// <summary>
/// A 2-D convolution over NCHW images with a square kernel, stride and zero padding on both axes:
/// <c>y[n, o, r, c] = b[o] + Σ_{i,u,v} W[o, i, u, v] · x[n, i, r·s − p + u, c·s − p + v]</c>
/// (cross-correlation, as in PyTorch), with <see cref="Weight"/> [out, in, k, k] and <see cref="Bias"/> [out].
/// </summary>
/// <remarks>
/// Computed as im2col and one matrix product over the whole batch (see <see cref="Convolution"/>). The im2col matrix
/// is kept for the backward pass when it is small (training batches); large inference batches are processed in chunks
/// of images whose columns stay in cache, and a backward pass after one rebuilds the columns. Per-example weight
/// gradients are per-example products of the output gradient with that image's columns.
/// Thread-safety: not safe for concurrent use (see <see cref="Layer"/>).
/// </remarks>
public sealed class Conv2d : Layer
{
    /// <summary>The largest im2col matrix (in elements, 32 MB) kept for the backward pass.</summary>
    private const long MaxKeptColumnElements = 8L << 20;

    /// <summary>Im2col elements per chunk (2 MB) when the forward pass runs in chunks.</summary>
    private const int ChunkColumnElements = 1 << 19;

    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly Parameter[] _parameters;
    private ConvolutionGeometry _geometry;
    private Tensor? _input;
    private Tensor? _columns;
    private Tensor? _product;
    private Tensor? _output;
    private Tensor? _gradientProduct;
    private Tensor? _columnGradient;
    private Tensor? _inputGradient;
    private Tensor? _scaled;
    private bool _perExampleReady;
    private bool _columnsValid;

    /// <summary>Creates a layer with zero weights; call <see cref="InitializeParameters"/> or load weights.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the padding is negative.</exception>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true)
    {
        InChannels = Guard.Positive(inChannels);
        OutChannels = Guard.Positive(outChannels);
        KernelSize = Guard.Positive(kernelSize);
        Stride = Guard.Positive(stride);
        Padding = Guard.NotNegative(padding);
        _weight = new Parameter("weight", new TensorShape(outChannels, inChannels, kernelSize, kernelSize));
        _bias = bias ? new Parameter("bias", new TensorShape(outChannels)) : null;
        _parameters = _bias is null ? [_weight] : [_weight, _bias];
    }

    /// <inheritdoc />
    public override string Kind => "conv2d";

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels (filters).</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows on both axes.</summary>
    public int Stride { get; }

    /// <summary>Zeros added on each side of both axes.</summary>
    public int Padding { get; }

    /// <summary>The filters, [out, in, k, k].</summary>
    public Tensor Weight => _weight.Value;

    /// <summary>The bias, [out], or null when the layer has none.</summary>
    public Tensor? Bias => _bias?.Value;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape inputShape)
    {
        Guard.IsTrue(inputShape.Rank == 3 && inputShape[0] == InChannels, nameof(inputShape), $"is {inputShape}; {this} takes [{InChannels}, height, width]");
        var g = new ConvolutionGeometry(1, InChannels, inputShape[1], inputShape[2], KernelSize, Stride, Padding);
        return new TensorShape(OutChannels, g.OutputHeight, g.OutputWidth);
    }

    /// <summary>Uniform in ±1/√(in·k²) for weights and bias (the usual default for convolutions).</summary>
    public override void InitializeParameters(System.Random random) =>
        Initializers.FanInUniform(_weight, _bias, InChannels * KernelSize * KernelSize, random);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        int batch = BatchOf(input, nameof(input), 4);
        Guard.IsTrue(input.Rank == 4 && input.Shape[1] == InChannels, nameof(input), $"has shape {input.Shape}; {this} takes [batch, {InChannels}, height, width]");
        var g = new ConvolutionGeometry(batch, InChannels, input.Shape[2], input.Shape[3], KernelSize, Stride, Padding);
        _geometry = g;
        _input = input;
        _perExampleReady = false;
        _output = Tensor.Reuse(_output, new TensorShape(batch, OutChannels, g.OutputHeight, g.OutputWidth));
        long columnElements = (long)g.PatchSize * g.ColumnCount;
        _columnsValid = columnElements <= MaxKeptColumnElements;
        int imagesPerChunk = _columnsValid ? batch : Math.Max(1, ChunkColumnElements / (g.PatchSize * g.OutputPixels));
        int chunkColumns = Math.Min(batch, imagesPerChunk) * g.OutputPixels;
        _columns = Tensor.Reuse(_columns, new TensorShape(g.PatchSize, _columnsValid ? g.ColumnCount : chunkColumns));
        _product = Tensor.Reuse(_product, new TensorShape(OutChannels, chunkColumns));
        ReadOnlySpan<float> bias = _bias is null ? default : _bias.Value.Span;
        for (int first = 0; first < batch; first += imagesPerChunk)
        {
            int images = Math.Min(imagesPerChunk, batch - first);
            var chunk = new ConvolutionGeometry(images, InChannels, g.Height, g.Width, KernelSize, Stride, Padding);
            Span<float> columns = _columns.Span[..(chunk.PatchSize * chunk.ColumnCount)];
            Span<float> product = _product.Span[..(OutChannels * chunk.ColumnCount)];
            Convolution.Im2Col(input.Slice(first, images).Span, chunk, columns);
            Gemm.Multiply(OutChannels, chunk.ColumnCount, chunk.PatchSize, Weight.Span, chunk.PatchSize, false, columns, chunk.ColumnCount, false, product, chunk.ColumnCount);
            Convolution.ProductToNchw(product, bias, images, OutChannels, g.OutputPixels, _output.Slice(first, images).Span);
        }

        return _output;
    }

    /// <inheritdoc />
    public override Tensor? Backward(Tensor outputGradient, GradientMode mode = GradientMode.Batch, bool computeInputGradient = true)
    {
        CheckGradient(_output, outputGradient, Kind);
        ConvolutionGeometry g = _geometry;
        EnsureColumns();
        _gradientProduct = Tensor.Reuse(_gradientProduct, new TensorShape(OutChannels, g.ColumnCount));
        Convolution.NchwToProduct(outputGradient.Span, g.Batch, OutChannels, g.OutputPixels, _gradientProduct.Span);
        _perExampleReady = true;
        if (mode == GradientMode.Batch)
        {
            WeightedSum(_gradientProduct.Span);
        }

        if (!computeInputGradient)
        {
            return null;
        }

        _columnGradient = Tensor.Reuse(_columnGradient, new TensorShape(g.PatchSize, g.ColumnCount));
        Gemm.Multiply(g.PatchSize, g.ColumnCount, OutChannels, Weight.Span, g.PatchSize, true, _gradientProduct.Span, g.ColumnCount, false, _columnGradient.Span, g.ColumnCount);
        _inputGradient = Tensor.Reuse(_inputGradient, _input!.Shape);
        _inputGradient.Clear();
        Convolution.Col2ImAdd(_columnGradient.Span, g, _inputGradient.Span);
        return _inputGradient;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Conv2d({InChannels}→{OutChannels}, {KernelSize}×{KernelSize}, stride {Stride}, padding {Padding}{(_bias is null ? ", no bias" : string.Empty)})";

    internal override LayerSpec ToSpec() =>
        new LayerSpec(Kind).With("in", InChannels).With("out", OutChannels).With("kernel", KernelSize)
            .With("stride", Stride).With("padding", Padding).With("bias", _bias is null ? 0 : 1);

    internal override void PerExampleSquaredNorms(Span<float> destination, int stride, int column)
    {
        ConvolutionGeometry g = RequirePerExample();
        int batch = g.Batch;
        int weightSize = OutChannels * g.PatchSize;
        float[] weightNorms = new float[batch];
        Tensor gradient = _gradientProduct!;
        Tensor columns = _columns!;
        ParallelRange.For(batch, (long)weightSize * g.OutputPixels, (start, end) =>
        {
            float[] scratch = new float[weightSize];
            for (int i = start; i < end; i++)
            {
                ExampleWeightGradient(gradient.Span, columns.Span, g, i, scratch, parallel: false);
                weightNorms[i] = TP.SumOfSquares(scratch);
            }
        }, minimumWork: 1 << 18);

        ReadOnlySpan<float> dy = _gradientProduct!.Span;
        for (int i = 0; i < batch; i++)
        {
            destination[(i * stride) + column] = weightNorms[i];
            if (_bias is not null)
            {
                float sum = 0f;
                for (int o = 0; o < OutChannels; o++)
                {
                    float b = TP.Sum(dy.Slice((o * g.ColumnCount) + (i * g.OutputPixels), g.OutputPixels));
                    sum += b * b;
                }

                destination[(i * stride) + column + 1] = sum;
            }
        }
    }

    internal override void AccumulateWeighted(ReadOnlySpan<float> weights, int stride, int column)
    {
        ConvolutionGeometry g = RequirePerExample();
        _scaled = Tensor.Reuse(_scaled, _gradientProduct!.Shape);
        ScaleExamples(_gradientProduct.Span, weights, stride, column, g, _scaled.Span);
        Gemm.Multiply(OutChannels, g.PatchSize, g.ColumnCount, _scaled.Span, g.ColumnCount, false, _columns!.Span, g.ColumnCount, true, _weight.Gradient.Span, g.PatchSize);
        if (_bias is not null)
        {
            ScaleExamples(_gradientProduct.Span, weights, stride, column + 1, g, _scaled.Span);
            RowSums(_scaled.Span, g.ColumnCount, _bias.Gradient.Span);
        }
    }

    internal override void PerExampleGradients(int parameter, Tensor destination)
    {
        ConvolutionGeometry g = RequirePerExample();
        ReadOnlySpan<float> dy = _gradientProduct!.Span;
        Span<float> to = destination.Span;
        if (parameter == 0)
        {
            int size = OutChannels * g.PatchSize;
            for (int i = 0; i < g.Batch; i++)
            {
                ExampleWeightGradient(dy, _columns!.Span, g, i, to.Slice(i * size, size), parallel: true);
            }
        }
        else
        {
            for (int i = 0; i < g.Batch; i++)
            {
                for (int o = 0; o < OutChannels; o++)
                {
                    to[(i * OutChannels) + o] = TP.Sum(dy.Slice((o * g.ColumnCount) + (i * g.OutputPixels), g.OutputPixels));
                }
            }
        }
    }

    private static void RowSums(ReadOnlySpan<float> matrix, int columns, Span<float> destination)
    {
        for (int o = 0; o < destination.Length; o++)
        {
            destination[o] = TP.Sum(matrix.Slice(o * columns, columns));
        }
    }

    private void WeightedSum(ReadOnlySpan<float> gradientProduct)
    {
        ConvolutionGeometry g = _geometry;
        Gemm.Multiply(OutChannels, g.PatchSize, g.ColumnCount, gradientProduct, g.ColumnCount, false, _columns!.Span, g.ColumnCount, true, _weight.Gradient.Span, g.PatchSize);
        if (_bias is not null)
        {
            RowSums(gradientProduct, g.ColumnCount, _bias.Gradient.Span);
        }
    }

    /// <summary>∂W_i[o, r] = Σ_q dy[o, i·P + q] · col[r, i·P + q]: the product of example i's column blocks.</summary>
    private void ExampleWeightGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> columns, in ConvolutionGeometry g, int example, Span<float> destination, bool parallel)
    {
        int offset = example * g.OutputPixels;
        Gemm.Multiply(OutChannels, g.PatchSize, g.OutputPixels, dy[offset..], g.ColumnCount, false, columns[offset..], g.ColumnCount, true, destination, g.PatchSize, parallel: parallel);
    }

    private void ScaleExamples(ReadOnlySpan<float> dy, ReadOnlySpan<float> weights, int stride, int column, in ConvolutionGeometry g, Span<float> scaled)
    {
        for (int o = 0; o < OutChannels; o++)
        {
            for (int i = 0; i < g.Batch; i++)
            {
                int offset = (o * g.ColumnCount) + (i * g.OutputPixels);
                TP.Multiply(dy.Slice(offset, g.OutputPixels), weights[(i * stride) + column], scaled.Slice(offset, g.OutputPixels));
            }
        }
    }

    /// <summary>Rebuilds the whole batch's im2col matrix when the forward pass ran in chunks.</summary>
    private void EnsureColumns()
    {
        if (!_columnsValid)
        {
            _columns = new Tensor(_geometry.PatchSize, _geometry.ColumnCount);
            Convolution.Im2Col(_input!.Span, _geometry, _columns.Span);
            _columnsValid = true;
        }
    }

    private ConvolutionGeometry RequirePerExample()
    {
        if (!_perExampleReady)
        {
            throw new InvalidOperationException("Conv2d: no per-example backward pass has run since the last forward pass.");
        }

        return _geometry;
    }
}

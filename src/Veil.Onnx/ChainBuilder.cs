using Veil.Nn.Layers;
using Veil.Tensors;

namespace Veil.Onnx;

/// <summary>
/// The model being assembled from a chain of ONNX nodes: the layers so far, the running value's name and per-example
/// shape, element-wise polynomials pending on it, and the affine steps folded into a neighbouring Conv or Gemm.
/// </summary>
internal sealed class ChainBuilder(string input, int[] shape)
{
    private readonly List<Layer> _layers = [];
    private readonly Dictionary<string, double[]> _polynomials = new(StringComparer.Ordinal);
    private Layer? _lastAffine;
    private (double[] Scale, double[] Shift)? _pendingInput;

    /// <summary>The name of the running value.</summary>
    public string Current { get; private set; } = input;

    /// <summary>Its per-example shape: [C, H, W] or [F].</summary>
    public int[] Shape { get; private set; } = shape;

    public IReadOnlyList<Layer> Layers => _layers;

    public bool IsImage => Shape.Length == 3;

    public int Channels => Shape[0];

    /// <summary>Whether <paramref name="name"/> is the running value or a polynomial in it.</summary>
    public bool Tracks(string name) => name == Current || _polynomials.ContainsKey(name);

    public double[] Polynomial(string name) => name == Current ? ScalarPolynomial.Identity : _polynomials[name];

    public void SetPolynomial(string name, double[] polynomial) => _polynomials[name] = polynomial;

    /// <summary>Makes <paramref name="name"/> the running value: its pending polynomial becomes a fold into the last
    /// affine layer, a Square or Polynomial layer, or nothing.</summary>
    /// <exception cref="OnnxImportException">The value is neither the running value nor derived from it.</exception>
    public void Materialize(string name, OnnxNode node)
    {
        if (name == Current)
        {
            return;
        }

        if (!_polynomials.TryGetValue(name, out double[]? p))
        {
            throw node.Refuse($"input '{name}' is neither the model's running value nor derived from it: Veil imports chains of layers");
        }

        _polynomials.Clear();
        Current = name;
        if (ScalarPolynomial.IsIdentity(p))
        {
            return;
        }

        if (p.Length <= 2)
        {
            double a = p.Length > 1 ? p[1] : 0, b = p[0];
            if (TryFoldAffine(Enumerable.Repeat(a, Width).ToArray(), Enumerable.Repeat(b, Width).ToArray()))
            {
                return;
            }
        }

        Add(ScalarPolynomial.IsSquare(p) ? new Square() : new Polynomial(p), node);
    }

    /// <summary>Applies y = scale ⊙ x + shift (per channel or feature) to the running value, folded into the last
    /// Conv/Linear, or held for the first one when no layer came yet.</summary>
    /// <returns>False when neither is possible (a non-affine layer came last).</returns>
    public bool TryFoldAffine(double[] scale, double[] shift)
    {
        if (_lastAffine is Linear linear)
        {
            FoldOutputs(linear.Weight, linear.Bias!, scale, shift, linear.InFeatures);
            return true;
        }

        if (_lastAffine is Conv2d conv)
        {
            FoldOutputs(conv.Weight, conv.Bias!, scale, shift, conv.InChannels * conv.KernelSize * conv.KernelSize);
            return true;
        }

        if (_layers.Count == 0)
        {
            if (_pendingInput is { } pending)
            {
                // a2·(a1·x + s1) + s2.
                double[] a2 = scale;
                scale = [.. a2.Select((a, c) => a * pending.Scale[c])];
                shift = [.. shift.Select((s2, c) => (a2[c] * pending.Shift[c]) + s2)];
            }

            _pendingInput = (scale, shift);
            return true;
        }

        return false;
    }

    /// <summary>Channels of an image value, features of a flat one: the length of per-channel constants.</summary>
    public int Width => Shape[0];

    /// <summary>Adds a layer that takes the running value; Conv and Linear absorb a pending input normalization.</summary>
    /// <exception cref="OnnxImportException">A normalization with a shift is pending before a padded convolution or a non-affine layer.</exception>
    public void Add(Layer layer, OnnxNode node)
    {
        if (_pendingInput is { } pending && _layers.Count == 0)
        {
            FoldInputs(layer, pending.Scale, pending.Shift, node);
            _pendingInput = null;
        }

        _layers.Add(layer);
        Shape = [.. layer.OutputShape(new TensorShape(Shape)).Dimensions];
        _lastAffine = layer is Linear or Conv2d ? layer : null;
    }

    /// <summary>The running value is renamed (Identity, Dropout-free chains, shape-only nodes).</summary>
    public void Rename(string name) => Current = name;

    public void Reshape(int[] shape) => Shape = shape;

    /// <exception cref="OnnxImportException">A normalization is pending at the end.</exception>
    public Veil.Nn.Sequential Build(string name, int[] inputShape)
    {
        if (_pendingInput is not null)
        {
            throw new OnnxImportException("the model ends in an element-wise step with no layer to fold it into.");
        }

        return new Veil.Nn.Sequential(name, new TensorShape(inputShape), _layers);
    }

    private static void FoldOutputs(Tensor weight, Tensor bias, double[] scale, double[] shift, int rowLength)
    {
        Span<float> w = weight.Span, b = bias.Span;
        for (int o = 0; o < b.Length; o++)
        {
            double a = scale[o];
            for (int k = 0; k < rowLength; k++)
            {
                w[(o * rowLength) + k] = (float)(w[(o * rowLength) + k] * a);
            }

            b[o] = (float)((b[o] * a) + shift[o]);
        }
    }

    private static void FoldInputs(Layer layer, double[] scale, double[] shift, OnnxNode node)
    {
        if (layer is Conv2d conv)
        {
            int window = conv.KernelSize * conv.KernelSize;
            if (conv.Padding > 0 && shift.Any(s => s != 0))
            {
                throw node.Refuse("an input shift before a padded convolution cannot be folded exactly (the padding stays zero)");
            }

            Span<float> w = conv.Weight.Span, b = conv.Bias!.Span;
            for (int o = 0; o < conv.OutChannels; o++)
            {
                for (int c = 0; c < conv.InChannels; c++)
                {
                    for (int k = 0; k < window; k++)
                    {
                        int index = (((o * conv.InChannels) + c) * window) + k;
                        b[o] += (float)(w[index] * shift[c]);
                        w[index] = (float)(w[index] * scale[c]);
                    }
                }
            }

            return;
        }

        if (layer is Linear linear)
        {
            Span<float> w = linear.Weight.Span, b = linear.Bias!.Span;
            for (int o = 0; o < linear.OutFeatures; o++)
            {
                for (int f = 0; f < linear.InFeatures; f++)
                {
                    int index = (o * linear.InFeatures) + f;
                    b[o] += (float)(w[index] * shift[f]);
                    w[index] = (float)(w[index] * scale[f]);
                }
            }

            return;
        }

        throw node.Refuse("an element-wise input step must be followed by a Conv, Gemm or MatMul to fold into");
    }
}

using Veil.Nn;
using Veil.Nn.Layers;
using Veil.Tensors;

namespace Veil.He.Nn.Circuit;

/// <summary>
/// Compiles a Veil.Nn model into an <see cref="HeCircuit"/> of minimal depth:
/// <list type="bullet">
/// <item>each run of consecutive Conv2d / AvgPool2d / Flatten / Linear layers becomes one affine stage (one level);
/// average pools that lead a run become an integer sum stage (no level) whose 1/k² is folded into what follows;</item>
/// <item>x² and quadratic polynomials p(x) = a x² + b x + c = a(x + d)² + e become one square stage (one level): the
/// offset d is added before squaring and the factor a and constant e are folded into the next affine stage;</item>
/// <item>ReLU, max pooling and polynomials of degree above 2 are refused with a message that says what to use.</item>
/// </list>
/// The encrypted values always equal the true activations up to a pending factor f and offset g (v = f·u + g), which
/// the next affine stage absorbs.
/// </summary>
/// <remarks>Thread-safety: stateless; it runs the model's layers, so a model must not be used elsewhere meanwhile.</remarks>
public static class ModelCompiler
{
    /// <summary>Whether every layer of <paramref name="model"/> can be compiled; otherwise <paramref name="reason"/> says why.</summary>
    public static bool Supports(Sequential model, out string reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        for (int i = 0; i < model.Layers.Count; i++)
        {
            string? problem = Problem(model.Layers[i]);
            if (problem is not null)
            {
                reason = $"layer {i + 1} ({model.Layers[i]}) {problem}";
                return false;
            }
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>Compiles <paramref name="model"/>.</summary>
    /// <exception cref="UnsupportedModelException">A layer cannot be evaluated under CKKS; the message names it and
    /// suggests the HE-friendly replacement.</exception>
    public static HeCircuit Compile(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Supports(model, out string reason))
        {
            throw new UnsupportedModelException($"model '{model.Name}' cannot run under CKKS: {reason}.");
        }

        var stages = new List<CircuitStage>();
        IReadOnlyList<Layer> layers = model.Layers;
        double factor = 1;
        double[]? offset = null;
        int i = 0;
        while (i < layers.Count)
        {
            TensorShape shape = model.ShapeBefore(i);
            if (IsLinear(layers[i]))
            {
                int end = i;
                while (end < layers.Count && IsLinear(layers[end]))
                {
                    end++;
                }

                int weighted = i;
                while (weighted < end && layers[weighted] is AvgPool2d or Flatten)
                {
                    weighted++;
                }

                if (layers.Skip(i).Take(weighted - i).Any(l => l is AvgPool2d))
                {
                    // Sum pooling: exact integer weights, no level; 1/k² joins the pending factor.
                    double k2 = layers.Skip(i).Take(weighted - i).OfType<AvgPool2d>().Aggregate(1.0, (p, l) => p * l.KernelSize * l.KernelSize);
                    LinearProbe pool = LinearProbe.Run(Slice(layers, i, weighted), shape, offset);
                    stages.Add(SumStage(pool, k2, Describe(layers, i, weighted)));
                    factor /= k2;
                    offset = offset is null ? null : Enumerable.Range(0, pool.Outputs).Select(pool.Extra).ToArray();
                }

                shape = model.ShapeBefore(weighted);

                if (weighted < end)
                {
                    LinearProbe map = LinearProbe.Run(Slice(layers, weighted, end), shape, offset);
                    stages.Add(AffineStage(map, factor, offset is not null, Describe(layers, weighted, end)));
                    factor = 1;
                    offset = null;
                }

                i = end;
                continue;
            }

            IReadOnlyList<double> c = layers[i] is Polynomial polynomial ? polynomial.Coefficients : [0, 0, 1];
            double c0 = c.Count > 0 ? c[0] : 0, c1 = c.Count > 1 ? c[1] : 0, c2 = c.Count > 2 ? c[2] : 0;
            int count = shape.ElementCount;
            if (c2 == 0)
            {
                // Affine activation: v' = c1·v + c0, folded without a stage.
                factor *= c1;
                offset = Enumerable.Range(0, count).Select(j => (c1 * (offset?[j] ?? 0)) + c0).ToArray();
            }
            else
            {
                if (factor == 0)
                {
                    throw new UnsupportedModelException($"model '{model.Name}': layer {i + 1} receives a constant input (all weights zero).");
                }

                // a x² + b x + c = a (x + d)² + e; with v = f·u + g: v + d = f·(u + (g + d)/f).
                double d = c1 / (2 * c2), e = c0 - (c1 * c1 / (4 * c2));
                double f = factor;
                double[] shift = Enumerable.Range(0, count).Select(j => ((offset?[j] ?? 0) + d) / f).ToArray();
                stages.Add(new SquareStage(shift, $"{layers[i]} (layer {i + 1})"));
                factor = c2 * f * f;
                offset = e == 0 ? null : Enumerable.Repeat(e, count).ToArray();
            }

            i++;
        }

        if (factor != 1 || offset is not null)
        {
            // The model ends in an activation: one more affine stage applies the pending factor and offset.
            int count = model.OutputShape.ElementCount;
            double f = factor;
            double[]? g = offset;
            SparseRow[] rows = Enumerable.Range(0, count).Select(j => new SparseRow([j], [f], g?[j] ?? 0)).ToArray();
            stages.Add(new LinearStage(count, rows, integerWeights: false, "the last activation's factor"));
        }

        return new HeCircuit(model.Name, model.InputShape.ElementCount, stages);
    }

    private static bool IsLinear(Layer layer) => layer is Conv2d or AvgPool2d or Flatten or Linear;

    /// <summary>Why <paramref name="layer"/> cannot run under CKKS and what to use instead, or null when it can.</summary>
    internal static string? Problem(Layer layer) => layer switch
    {
        Conv2d or AvgPool2d or Flatten or Linear or Square => null,
        Polynomial { Degree: <= 2 } => null,
        Polynomial p => $"has degree {p.Degree}; this version evaluates polynomials of degree at most 2 (use x² or a x² + b x + c)",
        ReLU => "is not a polynomial, so CKKS cannot evaluate it: use x² (Square) or a low-degree polynomial such as 0.125x² + 0.5x + 0.25 instead (e.g. model 'lenet-he' or 'cnn-he')",
        MaxPool2d => "is a maximum, which CKKS cannot evaluate: use AvgPool2d instead (e.g. model 'lenet-he')",
        Tanh or Sigmoid => "is not a polynomial, so CKKS cannot evaluate it: use a polynomial of degree ≤ 2 fitted on the activations' range (e.g. 0.5 + 0.25x for a sigmoid near 0) or x², and retrain",
        _ => $"('{layer.Kind}') has no encrypted evaluation; supported: Linear, Conv2d, AvgPool2d, Flatten, x², polynomials of degree ≤ 2",
    };

    private static List<Layer> Slice(IReadOnlyList<Layer> layers, int start, int end) => layers.Skip(start).Take(end - start).ToList();

    private static string Describe(IReadOnlyList<Layer> layers, int start, int end) =>
        string.Join(" + ", Slice(layers, start, end).Where(l => l is not Flatten).Select(l => l.ToString()));

    private static LinearStage SumStage(LinearProbe probe, double scale, string source)
    {
        var rows = new SparseRow[probe.Outputs];
        for (int j = 0; j < rows.Length; j++)
        {
            var indices = new List<int>();
            var weights = new List<double>();
            for (int i = 0; i < probe.Inputs; i++)
            {
                double w = probe.Weight(j, i) * scale;
                if (w != 0)
                {
                    double rounded = Math.Round(w);
                    if (Math.Abs(w - rounded) > 1e-4)
                    {
                        throw new UnsupportedModelException($"the pooling {source} does not reduce to integer sums (weight {w}).");
                    }

                    indices.Add(i);
                    weights.Add(rounded);
                }
            }

            rows[j] = new SparseRow([.. indices], [.. weights], 0);
        }

        return new LinearStage(probe.Inputs, rows, integerWeights: true, source);
    }

    private static LinearStage AffineStage(LinearProbe probe, double factor, bool hasOffset, string source)
    {
        var rows = new SparseRow[probe.Outputs];
        for (int j = 0; j < rows.Length; j++)
        {
            var indices = new List<int>();
            var weights = new List<double>();
            for (int i = 0; i < probe.Inputs; i++)
            {
                double w = probe.Weight(j, i);
                if (w != 0)
                {
                    indices.Add(i);
                    weights.Add(w * factor);
                }
            }

            rows[j] = new SparseRow([.. indices], [.. weights], probe.Bias(j) + (hasOffset ? probe.Extra(j) : 0));
        }

        return new LinearStage(probe.Inputs, rows, integerWeights: false, source);
    }
}

using Veil.Tensors;

namespace Veil.Nn;

/// <summary>
/// The per-example view of one backward pass (from <see cref="Sequential.BackwardPerExample"/>): for each example i
/// of the batch and each parameter j of <see cref="Sequential.Parameters"/>, the gradient g_i(j) of example i's loss.
/// </summary>
/// <remarks>
/// DP-SGD uses it in two calls, without materialising the batch x parameters gradients:
/// <code>
///   float[] norms = new float[batch * P];  grads.SquaredNorms(norms);       // ‖g_i(j)‖², row-major [batch, P]
///   // flat clipping: n_i = √Σ_j norms[i, j], w_i = min(1, C / n_i)      -> grads.AccumulateWeightedPerExample(w)
///   // per-layer clipping: a weight per (i, j) from that layer's norm   -> grads.AccumulateWeighted(weights)
///   // each Parameter.Gradient now holds Σ_i w_i g_i; add noise, divide by the batch, step the optimizer.
/// </code>
/// Linear layers get norms in O(batch·(in+out)) (‖dyᵢᵀxᵢ‖ = ‖dyᵢ‖·‖xᵢ‖) and weighted sums as one matrix product;
/// Conv2d layers compute each example's weight gradient from its im2col columns. <see cref="Gradients"/> materialises
/// every example's gradient of one parameter when needed.
/// Valid until the model's next forward or backward pass; methods then throw <see cref="InvalidOperationException"/>.
/// Thread-safety: not safe for concurrent use.
/// </remarks>
public sealed class PerExampleGradients
{
    private readonly Sequential _model;
    private readonly long _stamp;
    private readonly int[] _firstParameterOfLayer;

    internal PerExampleGradients(Sequential model, int batchSize, long stamp)
    {
        _model = model;
        _stamp = stamp;
        BatchSize = batchSize;
        _firstParameterOfLayer = new int[model.Layers.Count];
        int next = 0;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            _firstParameterOfLayer[i] = next;
            next += model.Layers[i].Parameters.Count;
        }
    }

    /// <summary>The number of examples.</summary>
    public int BatchSize { get; }

    /// <summary>The parameters, in the order of the columns of <see cref="SquaredNorms"/> and weights (the model's order).</summary>
    public IReadOnlyList<Parameter> Parameters => _model.Parameters;

    /// <summary>Writes <c>destination[i·P + j] = ‖g_i(Parameters[j])‖²</c> (P = <c>Parameters.Count</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold BatchSize·P values.</exception>
    /// <exception cref="InvalidOperationException">The model has run since.</exception>
    public void SquaredNorms(Span<float> destination)
    {
        int p = Parameters.Count;
        Guard.LengthEquals(destination.Length, BatchSize * p, nameof(destination));
        _model.CheckCurrent(_stamp, this);
        foreach (var (layer, column) in ParameterizedLayers())
        {
            layer.PerExampleSquaredNorms(destination, p, column);
        }
    }

    /// <summary>Allocating twin of <see cref="SquaredNorms"/>: a [BatchSize, P] tensor.</summary>
    /// <exception cref="InvalidOperationException">The model has run since.</exception>
    public Tensor SquaredNormsNew()
    {
        var result = new Tensor(BatchSize, Parameters.Count);
        SquaredNorms(result.Span);
        return result;
    }

    /// <summary>Sets each <c>Parameters[j].Gradient</c> to <c>Σ_i weights[i·P + j] · g_i(Parameters[j])</c>: clipping
    /// with a factor per example and parameter (per-layer clipping uses the same factor for a layer's parameters).</summary>
    /// <exception cref="ArgumentException"><paramref name="weights"/> does not hold BatchSize·P values.</exception>
    /// <exception cref="InvalidOperationException">The model has run since.</exception>
    public void AccumulateWeighted(ReadOnlySpan<float> weights)
    {
        int p = Parameters.Count;
        Guard.LengthEquals(weights.Length, BatchSize * p, nameof(weights));
        _model.CheckCurrent(_stamp, this);
        foreach (var (layer, column) in ParameterizedLayers())
        {
            layer.AccumulateWeighted(weights, p, column);
        }
    }

    /// <summary>Sets each <c>Parameters[j].Gradient</c> to <c>Σ_i weights[i] · g_i(Parameters[j])</c>: clipping with one
    /// factor per example (flat clipping). All ones gives the ordinary batch gradient.</summary>
    /// <exception cref="ArgumentException"><paramref name="weights"/> does not hold BatchSize values.</exception>
    /// <exception cref="InvalidOperationException">The model has run since.</exception>
    public void AccumulateWeightedPerExample(ReadOnlySpan<float> weights)
    {
        Guard.LengthEquals(weights.Length, BatchSize, nameof(weights));
        int p = Parameters.Count;
        float[] expanded = new float[BatchSize * p];
        for (int i = 0; i < BatchSize; i++)
        {
            expanded.AsSpan(i * p, p).Fill(weights[i]);
        }

        AccumulateWeighted(expanded);
    }

    /// <summary>Writes every example's gradient of <c>Parameters[parameterIndex]</c> into
    /// <paramref name="destination"/>, of shape [BatchSize, ...parameter shape].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a parameter's.</exception>
    /// <exception cref="ArgumentException">The destination has the wrong shape.</exception>
    /// <exception cref="InvalidOperationException">The model has run since.</exception>
    public void Gradients(int parameterIndex, Tensor destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int layer = _model.LayerOf(parameterIndex);
        TensorShape shape = Parameters[parameterIndex].Shape.Prepend(BatchSize);
        Guard.IsTrue(destination.Shape == shape, nameof(destination), $"has shape {destination.Shape}; expected {shape}");
        _model.CheckCurrent(_stamp, this);
        _model.Layers[layer].PerExampleGradients(parameterIndex - _firstParameterOfLayer[layer], destination);
    }

    /// <summary>Allocating twin of <see cref="Gradients"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a parameter's.</exception>
    /// <exception cref="InvalidOperationException">The model has run since.</exception>
    public Tensor GradientsNew(int parameterIndex)
    {
        var result = new Tensor(Parameters[parameterIndex].Shape.Prepend(BatchSize));
        Gradients(parameterIndex, result);
        return result;
    }

    /// <summary>The layers that have parameters, each with the column of its first parameter.</summary>
    private IEnumerable<(Layers.Layer Layer, int Column)> ParameterizedLayers()
    {
        for (int i = 0; i < _model.Layers.Count; i++)
        {
            if (_model.Layers[i].Parameters.Count > 0)
            {
                yield return (_model.Layers[i], _firstParameterOfLayer[i]);
            }
        }
    }
}

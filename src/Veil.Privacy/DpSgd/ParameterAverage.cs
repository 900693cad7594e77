using Veil.Nn;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Veil.Privacy.DpSgd;

/// <summary>
/// An exponential moving average of a model's parameters, <c>a = d a + (1 - d) w</c> after every step with
/// d = min(decay, (1 + t) / (10 + t)) at step t (a warm-up, so early iterates fade fast). Averaging DP-SGD's iterates is
/// post-processing: it costs no privacy and reduces the noise in the released weights (De et al. 2022).
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
public sealed class ParameterAverage
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[][] _average;
    private long _updates;

    /// <summary>Starts the average at the current parameters.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is not in (0, 1).</exception>
    public ParameterAverage(Sequential model, double decay)
    {
        ArgumentNullException.ThrowIfNull(model);
        Guard.IsTrue(decay > 0 && decay < 1, nameof(decay), "must be in (0, 1)");
        Decay = decay;
        _parameters = model.Parameters;
        _average = [.. _parameters.Select(p => p.Value.Span.ToArray())];
    }

    /// <summary>The decay d.</summary>
    public double Decay { get; }

    /// <summary>Folds the current parameters into the average.</summary>
    public void Update()
    {
        _updates++;
        float d = (float)Math.Min(Decay, (1.0 + _updates) / (10.0 + _updates));
        for (int j = 0; j < _parameters.Count; j++)
        {
            // a = d a + (1 - d) w = w + d (a - w)
            Span<float> a = _average[j];
            ReadOnlySpan<float> w = _parameters[j].Value.Span;
            TP.Subtract(a, w, a);
            TP.MultiplyAdd(a, d, w, a);
        }
    }

    /// <summary>Writes the average into the model's parameters.</summary>
    public void CopyToModel() => CopyTo(_parameters);

    /// <summary>Writes the average into <paramref name="parameters"/>: those of the model, or of a copy of it
    /// (<see cref="Nn.Serialization.ModelFile.Clone(Sequential)"/>) to evaluate the average while training goes on.</summary>
    /// <exception cref="ArgumentException">The parameters do not have the model's shapes.</exception>
    public void CopyTo(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Guard.IsTrue(parameters.Count == _average.Length && parameters.Select((p, j) => p.Value.Length == _average[j].Length).All(x => x),
            nameof(parameters), "do not have the averaged model's shapes");
        for (int j = 0; j < _average.Length; j++)
        {
            _average[j].CopyTo(parameters[j].Value.Span);
        }
    }
}

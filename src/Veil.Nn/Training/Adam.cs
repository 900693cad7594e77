using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Veil.Nn.Training;

/// <summary>
/// Adam (Kingma and Ba): <c>m = β₁m + (1−β₁)g;  v = β₂v + (1−β₂)g²;  w −= η·m̂ / (√v̂ + ε)</c> with bias-corrected
/// m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ); optional L2 weight decay added to the gradient.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use (holds per-parameter moments).</remarks>
public sealed class Adam : IOptimizer
{
    private readonly ConditionalWeakTable<Parameter, float[]> _moments = [];
    private int _step;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(beta1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(beta1, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(beta2);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(beta2, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <inheritdoc />
    public double LearningRate { get; set; }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator for stability.</summary>
    public double Epsilon { get; }

    /// <summary>L2 weight decay added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _step++;
        float b1 = (float)Beta1, b2 = (float)Beta2;
        float stepSize = (float)(LearningRate / (1 - Math.Pow(Beta1, _step)));
        float correction2 = (float)(1 / (1 - Math.Pow(Beta2, _step)));
        float eps = (float)Epsilon, decay = (float)WeightDecay;
        foreach (Parameter p in parameters)
        {
            int n = p.Value.Length;
            float[] state = _moments.GetValue(p, q => new float[2 * q.Value.Length]);
            Span<float> w = p.Value.Span, g = p.Gradient.Span, m = state.AsSpan(0, n), v = state.AsSpan(n, n);
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + 16 <= n; i += 16)
                {
                    var wi = Vector512.Create<float>(w.Slice(i, 16));
                    var gi = Vector512.Create<float>(g.Slice(i, 16)) + (wi * decay);
                    var mi = (Vector512.Create<float>(m.Slice(i, 16)) * b1) + (gi * (1 - b1));
                    var vi = (Vector512.Create<float>(v.Slice(i, 16)) * b2) + (gi * gi * (1 - b2));
                    wi -= stepSize * mi / (Vector512.Sqrt(vi * correction2) + Vector512.Create(eps));
                    mi.CopyTo(m.Slice(i, 16));
                    vi.CopyTo(v.Slice(i, 16));
                    wi.CopyTo(w.Slice(i, 16));
                }
            }

            for (; i < n; i++)
            {
                float gi = g[i] + (decay * w[i]);
                m[i] = (b1 * m[i]) + ((1 - b1) * gi);
                v[i] = (b2 * v[i]) + ((1 - b2) * gi * gi);
                w[i] -= stepSize * m[i] / (MathF.Sqrt(v[i] * correction2) + eps);
            }
        }
    }
}

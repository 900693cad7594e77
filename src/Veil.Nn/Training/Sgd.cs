using System.Runtime.CompilerServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Veil.Nn.Training;

/// <summary>
/// Stochastic gradient descent with momentum and L2 weight decay:
/// <c>g' = g + λw;  v = μv + g';  w −= η v</c> (PyTorch's convention; plain SGD when μ = 0).
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use (holds per-parameter velocities).</remarks>
public sealed class Sgd : IOptimizer
{
    private readonly ConditionalWeakTable<Parameter, float[]> _velocity = [];

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive, momentum is outside [0, 1), or decay is negative.</exception>
    public Sgd(double learningRate, double momentum = 0, double weightDecay = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(momentum);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(momentum, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        LearningRate = learningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    /// <inheritdoc />
    public double LearningRate { get; set; }

    /// <summary>The momentum μ.</summary>
    public double Momentum { get; }

    /// <summary>The L2 weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        float rate = (float)LearningRate;
        foreach (Parameter p in parameters)
        {
            Span<float> w = p.Value.Span;
            Span<float> g = p.Gradient.Span;
            if (WeightDecay > 0)
            {
                TP.MultiplyAdd(w, (float)WeightDecay, g, g);
            }

            if (Momentum > 0)
            {
                Span<float> v = _velocity.GetValue(p, q => new float[q.Value.Length]);
                TP.MultiplyAdd(v, (float)Momentum, g, v);
                TP.MultiplyAdd(v, -rate, w, w);
            }
            else
            {
                TP.MultiplyAdd(g, -rate, w, w);
            }
        }
    }
}

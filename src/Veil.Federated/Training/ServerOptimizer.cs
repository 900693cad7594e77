namespace Veil.Federated.Training;

/// <summary>
/// Applies the round's aggregated update Δ (the clients' mean of local − global) to the global model: w += η·Δ for
/// FedAvg and FedProx; for FedAdam, Δ is a pseudo-gradient: m ← β1·m + (1−β1)·Δ, v ← β2·v + (1−β2)·Δ²,
/// w += η·m / (√v + τ) (Reddi et al. 2021, without bias correction, as there).
/// </summary>
/// <remarks>Thread-safety: FedAdam keeps moments; not safe for concurrent use.</remarks>
public sealed class ServerOptimizer
{
    private readonly FederatedStrategy _strategy;
    private float[]? _m, _v;

    /// <summary>Creates the server optimizer of <paramref name="strategy"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public ServerOptimizer(FederatedStrategy strategy)
    {
        _strategy = Guard.NotNull(strategy);
        strategy.Validate();
    }

    /// <summary>global += the step for <paramref name="update"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public void Apply(Span<float> global, ReadOnlySpan<float> update)
    {
        Guard.LengthEquals(update.Length, global.Length, nameof(update));
        float eta = (float)_strategy.ServerLearningRate;
        if (_strategy.Algorithm != FederatedAlgorithm.FedAdam)
        {
            for (int i = 0; i < global.Length; i++)
            {
                global[i] += eta * update[i];
            }

            return;
        }

        _m ??= new float[global.Length];
        _v ??= new float[global.Length];
        Guard.LengthEquals(_m.Length, global.Length, nameof(global));
        (double b1, double b2, double tau) = _strategy.Adam;
        float beta1 = (float)b1, beta2 = (float)b2, t = (float)tau;
        for (int i = 0; i < global.Length; i++)
        {
            float d = update[i];
            _m[i] = (beta1 * _m[i]) + ((1 - beta1) * d);
            _v[i] = (beta2 * _v[i]) + ((1 - beta2) * d * d);
            global[i] += eta * _m[i] / (MathF.Sqrt(_v[i]) + t);
        }
    }
}

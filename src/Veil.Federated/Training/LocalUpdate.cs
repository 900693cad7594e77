using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Training;

namespace Veil.Federated.Training;

/// <summary>
/// A client's step of a round: start from the global model, train on the client's own examples with SGD (plus FedProx's
/// proximal gradient μ·(w − w_global) when asked), and return the update local − global.
/// </summary>
/// <remarks>Thread-safety: drives one worker model; not safe for concurrent use. Use one per thread.</remarks>
public sealed class LocalUpdate
{
    private readonly Sequential _worker;
    private readonly FederatedStrategy _strategy;
    private readonly float[] _local;

    /// <summary>Creates the client trainer around <paramref name="worker"/>, a model of the federation's architecture
    /// whose weights it overwrites.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A strategy setting is out of range.</exception>
    public LocalUpdate(Sequential worker, FederatedStrategy strategy)
    {
        _worker = Guard.NotNull(worker);
        _strategy = Guard.NotNull(strategy);
        strategy.Validate();
        _local = new float[ModelVector.Length(worker)];
    }

    /// <summary>Trains from <paramref name="global"/> on <paramref name="data"/> and writes local − global into
    /// <paramref name="update"/>.</summary>
    /// <param name="global">The global weights this round starts from.</param>
    /// <param name="data">The client's examples.</param>
    /// <param name="seed">Seeds the client's shuffles (client and round).</param>
    /// <param name="update">Receives the update.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="ArgumentException">A length differs from the model's parameter count.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public void Run(ReadOnlySpan<float> global, MnistDataset data, int seed, Span<float> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.LengthEquals(update.Length, _local.Length, nameof(update));
        ModelVector.Write(global, _worker);
        var options = new TrainingOptions
        {
            Epochs = _strategy.LocalEpochs,
            BatchSize = _strategy.BatchSize,
            Seed = seed,
            Optimizer = OptimizerKind.Sgd,
            LearningRate = _strategy.ClientLearningRate,
            Momentum = _strategy.ClientMomentum,
        };
        float[]? anchor = _strategy.Algorithm == FederatedAlgorithm.FedProx && _strategy.ProximalMu > 0 ? global.ToArray() : null;
        var trainer = new Trainer(_worker, options)
        {
            GradientAdjustment = anchor is null ? null : parameters => AddProximalGradient(parameters, anchor, (float)_strategy.ProximalMu),
        };
        trainer.Train(data, cancellationToken: cancellationToken);
        ModelVector.Read(_worker, _local);
        for (int i = 0; i < update.Length; i++)
        {
            update[i] = _local[i] - global[i];
        }
    }

    private static void AddProximalGradient(IReadOnlyList<Parameter> parameters, float[] anchor, float mu)
    {
        int offset = 0;
        foreach (Parameter p in parameters)
        {
            Span<float> w = p.Value.Span, g = p.Gradient.Span;
            for (int i = 0; i < w.Length; i++)
            {
                g[i] += mu * (w[i] - anchor[offset + i]);
            }

            offset += w.Length;
        }
    }
}

namespace Veil.Federated.Training;

/// <summary>The federated optimization algorithm.</summary>
public enum FederatedAlgorithm
{
    /// <summary>FedAvg (McMahan et al. 2017): the server adds the clients' weighted mean update.</summary>
    FedAvg,

    /// <summary>FedProx (Li et al. 2020): FedAvg whose clients add a proximal term μ/2·‖w − w_global‖² to their loss.</summary>
    FedProx,

    /// <summary>FedAdam (Reddi et al. 2021): the mean update is a pseudo-gradient for an Adam step at the server.</summary>
    FedAdam,
}

/// <summary>
/// How clients train and how the server combines their updates. Validated on use; build it from literals.
/// </summary>
/// <remarks>Thread-safety: an immutable record.</remarks>
public sealed record FederatedStrategy
{
    /// <summary>The algorithm.</summary>
    public FederatedAlgorithm Algorithm { get; init; } = FederatedAlgorithm.FedAvg;

    /// <summary>Local epochs per round.</summary>
    public int LocalEpochs { get; init; } = 1;

    /// <summary>Local mini-batch size.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The clients' SGD learning rate.</summary>
    public double ClientLearningRate { get; init; } = 0.05;

    /// <summary>The clients' SGD momentum.</summary>
    public double ClientMomentum { get; init; } = 0.9;

    /// <summary>FedProx's μ (used only by <see cref="FederatedAlgorithm.FedProx"/>).</summary>
    public double ProximalMu { get; init; } = 0.01;

    /// <summary>The server's learning rate η: 1 for FedAvg and FedProx (plain averaging); FedAdam's step size.</summary>
    public double ServerLearningRate { get; init; } = 1;

    /// <summary>FedAdam's β1, β2 and τ (its ε).</summary>
    public (double Beta1, double Beta2, double Tau) Adam { get; init; } = (0.9, 0.99, 1e-3);

    /// <summary>Throws unless every setting is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        Guard.InRange(LocalEpochs, 1, 1000);
        Guard.InRange(BatchSize, 1, 1 << 16);
        Guard.IsTrue(ClientLearningRate > 0 && double.IsFinite(ClientLearningRate), nameof(ClientLearningRate), "must be positive");
        Guard.IsTrue(ClientMomentum is >= 0 and < 1, nameof(ClientMomentum), "must be in [0, 1)");
        Guard.IsTrue(ProximalMu >= 0 && double.IsFinite(ProximalMu), nameof(ProximalMu), "must be non-negative");
        Guard.IsTrue(ServerLearningRate > 0 && double.IsFinite(ServerLearningRate), nameof(ServerLearningRate), "must be positive");
        Guard.IsTrue(Adam.Beta1 is >= 0 and < 1 && Adam.Beta2 is >= 0 and < 1 && Adam.Tau > 0, nameof(Adam), "needs β1, β2 in [0, 1) and τ > 0");
    }
}

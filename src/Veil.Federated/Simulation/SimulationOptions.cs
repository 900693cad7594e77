using Veil.Federated.Privacy;
using Veil.Federated.Training;

namespace Veil.Federated.Simulation;

/// <summary>
/// One simulated federation: the model, the clients and how the data is split among them, the rounds, the strategy,
/// and the privacy layers (secure aggregation, client-level DP, dropouts). Build it from literals; <see cref="Validate"/>
/// checks it.
/// </summary>
/// <remarks>Thread-safety: an immutable record.</remarks>
public sealed record SimulationOptions
{
    /// <summary>The zoo model every client trains.</summary>
    public string Model { get; init; } = "lenet";

    /// <summary>The number of clients N the training images are split among.</summary>
    public int Clients { get; init; } = 100;

    /// <summary>Rounds of training.</summary>
    public int Rounds { get; init; } = 20;

    /// <summary>Clients per round m (all N when 0). With client-level DP each client joins a round independently with
    /// probability m/N (Poisson sampling, as the accountant assumes); otherwise m are drawn without replacement.</summary>
    public int ClientsPerRound { get; init; } = 10;

    /// <summary>The Dirichlet α of the label split; null for an IID split.</summary>
    public double? NonIidAlpha { get; init; }

    /// <summary>How clients train and the server combines.</summary>
    public FederatedStrategy Strategy { get; init; } = new();

    /// <summary>Aggregate with secure aggregation instead of in the clear.</summary>
    public bool SecureAggregation { get; init; }

    /// <summary>The SecAgg+ graph degree (even, at least 4); 0 for the complete graph of the original protocol.</summary>
    public int SecAggDegree { get; init; }

    /// <summary>Each quantized coordinate is clamped to ±this before secure aggregation (updates are small; with DP the
    /// clip norm bounds them instead).</summary>
    public double SecAggRange { get; init; } = 1.0;

    /// <summary>Client-level differential privacy; null for none.</summary>
    public ClientDpOptions? Dp { get; init; }

    /// <summary>The fraction of each round's clients that drop out after sending their shares and before sending their
    /// update (the costly case for secure aggregation); at most 1/3.</summary>
    public double Dropout { get; init; }

    /// <summary>Evaluate the global model on the test images every this many rounds (and after the last).</summary>
    public int EvaluateEvery { get; init; } = 1;

    /// <summary>Test images to evaluate on, from the first; 0 for all 10,000.</summary>
    public int TestLimit { get; init; }

    /// <summary>Seeds the split, the model's initial weights, the client sampling and the local shuffles.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Throws unless every setting is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="ArgumentException">A combination is invalid.</exception>
    public void Validate()
    {
        Guard.InRange(Clients, 1, 60_000);
        Guard.InRange(Rounds, 1, 100_000);
        Guard.InRange(ClientsPerRound, 0, Clients);
        Guard.IsTrue(NonIidAlpha is null || (NonIidAlpha > 0 && double.IsFinite(NonIidAlpha.Value)), nameof(NonIidAlpha), "must be positive");
        Strategy.Validate();
        Guard.IsTrue(SecAggDegree == 0 || (SecAggDegree >= 4 && SecAggDegree % 2 == 0), nameof(SecAggDegree), "must be 0 (complete) or even and at least 4");
        Guard.IsTrue(SecAggRange > 0 && double.IsFinite(SecAggRange), nameof(SecAggRange), "must be positive");
        Dp?.Validate();
        Guard.IsTrue(Dropout is >= 0 and <= 1.0 / 3, nameof(Dropout), "must be in [0, 1/3]");
        Guard.InRange(EvaluateEvery, 1, 100_000);
        Guard.NotNegative(TestLimit);
        Guard.IsTrue(!SecureAggregation || EffectiveClientsPerRound >= 3, nameof(ClientsPerRound), "secure aggregation needs at least 3 clients per round");
        Guard.IsTrue(SecAggDegree < EffectiveClientsPerRound || !SecureAggregation, nameof(SecAggDegree), "must be below the clients per round");
    }

    /// <summary>m: the clients per round, N when <see cref="ClientsPerRound"/> is 0.</summary>
    public int EffectiveClientsPerRound => ClientsPerRound == 0 ? Clients : ClientsPerRound;
}

using Veil.Nn.Zoo;

namespace Veil.Federated.Service.Coordination;

/// <summary>
/// The federation a coordinator runs: model, clients, rounds and how a round closes. Stored with the round state, so a
/// restarted coordinator refuses a state file of another federation. Build it from literals; <see cref="Validate"/>
/// checks it.
/// </summary>
/// <remarks>Thread-safety: an immutable record.</remarks>
public sealed record CoordinatorOptions
{
    /// <summary>The zoo model.</summary>
    public string Model { get; init; } = "lenet";

    /// <summary>Registered clients, with ids 0 … Clients − 1.</summary>
    public int Clients { get; init; } = 10;

    /// <summary>Clients selected per round (all when 0).</summary>
    public int ClientsPerRound { get; init; }

    /// <summary>Rounds of training.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Seeds the initial model and each round's selection.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How long a round waits for its clients before closing with the updates it has.</summary>
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The fraction of a round's selected clients whose updates a round needs before it may close on timeout;
    /// below it the round keeps waiting.</summary>
    public double MinimumFraction { get; init; } = 2.0 / 3;

    /// <summary>Aggregate with secure aggregation: the coordinator sees only each round's sum. Updates are then averaged
    /// with equal weights (the count travels in the masked vector), and an interrupted round restarts after a restart.</summary>
    public bool SecureAggregation { get; init; }

    /// <summary>The SecAgg+ graph degree k (even, at least 4): each client masks with and shares its secrets among k
    /// neighbours of a graph seeded by the round's session id; 0 (or k not below the round's clients) is the complete
    /// graph.</summary>
    public int SecAggDegree { get; init; }

    /// <summary>How long each secure-aggregation step waits before the clients that have not answered count as dropped.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Each quantized coordinate of an update is clamped to ±this under secure aggregation.</summary>
    public double QuantizationRange { get; init; } = 1.0;

    /// <summary>The clients selected per round, m.</summary>
    public int EffectiveClientsPerRound => ClientsPerRound == 0 ? Clients : ClientsPerRound;

    /// <summary>Throws unless every setting is in range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range, or the model is not in the zoo.</exception>
    public void Validate()
    {
        Guard.IsTrue(ModelZoo.TryGet(Model, out _), nameof(Model), $"'{Model}' is not a zoo model");
        Guard.InRange(Clients, 1, 100_000);
        Guard.InRange(ClientsPerRound, 0, Clients);
        Guard.InRange(Rounds, 1, 1_000_000);
        Guard.IsTrue(RoundTimeout > TimeSpan.Zero, nameof(RoundTimeout), "must be positive");
        Guard.IsTrue(MinimumFraction is > 0 and <= 1, nameof(MinimumFraction), "must be in (0, 1]");
        Guard.IsTrue(StepTimeout > TimeSpan.Zero, nameof(StepTimeout), "must be positive");
        Guard.IsTrue(QuantizationRange >= 1 && double.IsFinite(QuantizationRange), nameof(QuantizationRange), "must be at least 1 (the count coordinate)");
        Guard.IsTrue(!SecureAggregation || EffectiveClientsPerRound >= 3, nameof(SecureAggregation), "needs at least 3 clients per round");
        Guard.IsTrue(SecAggDegree == 0 || (SecAggDegree >= 4 && SecAggDegree % 2 == 0), nameof(SecAggDegree), "must be 0 (complete) or even and at least 4");
        Guard.IsTrue(SecAggDegree == 0 || (SecureAggregation && SecAggDegree < EffectiveClientsPerRound), nameof(SecAggDegree), "needs secure aggregation and must be below the clients per round");
    }

    /// <summary>The description stored with the state: what must match on restart.</summary>
    internal string Fingerprint => $"model={Model};clients={Clients};per-round={EffectiveClientsPerRound};rounds={Rounds};seed={Seed}" + (SecureAggregation ? $";secagg;degree={SecAggDegree}" : "");
}

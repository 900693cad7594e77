using Veil.Federated.Privacy;
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

    /// <summary>Aggregate with secure aggregation: the coordinator sees only each round's sum. Updates are then weighted
    /// by min(examples / <see cref="MeanExamples"/>, <see cref="MaxWeight"/>) (the weight travels as the masked vector's
    /// last coordinate, so only the sum of the weights reaches the coordinator), and an interrupted round restarts after
    /// a restart.</summary>
    public bool SecureAggregation { get; init; }

    /// <summary>The SecAgg+ graph degree k (even, at least 4): each client masks with and shares its secrets among k
    /// neighbours of a graph seeded by the round's session id; 0 (or k not below the round's clients) is the complete
    /// graph.</summary>
    public int SecAggDegree { get; init; }

    /// <summary>How long each secure-aggregation step waits before the clients that have not answered count as dropped.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Each quantized coordinate of an unweighted update is clamped to ±this under secure aggregation (the
    /// weighted one to ±this·<see cref="MaxWeight"/>); with DP the clip norm bounds it instead.</summary>
    public double QuantizationRange { get; init; } = 1.0;

    /// <summary>The mean shard size a weight of 1 stands for under secure aggregation (the federation's configuration,
    /// as the simulation uses its true mean); 0 means 60,000 / <see cref="Clients"/>, the demonstration's split of the
    /// embedded training images.</summary>
    public double MeanExamples { get; init; }

    /// <summary>The largest weight under secure aggregation: a client with more than MaxWeight·MeanExamples examples
    /// counts as that many. The quantization range scales by it, so a larger bound costs fractional bits.</summary>
    public double MaxWeight { get; init; } = 4;

    /// <summary>Client-level DP (DP-FedAvg); null for none. Clients then join each round by Poisson sampling at rate
    /// m/N, clip their updates to the C the coordinator sends, and the noise is added at the coordinator or (with
    /// secure aggregation only) by the clients.</summary>
    public ClientDpOptions? Dp { get; init; }

    /// <summary>The clients selected per round, m.</summary>
    public int EffectiveClientsPerRound => ClientsPerRound == 0 ? Clients : ClientsPerRound;

    /// <summary><see cref="MeanExamples"/>, with 0 resolved.</summary>
    public double EffectiveMeanExamples => MeanExamples > 0 ? MeanExamples : 60_000.0 / Clients;

    /// <summary>Throws unless every setting is in range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range, the model is not in the zoo, or distributed noise
    /// is asked for without secure aggregation (the coordinator would see each update with a 1/m share of the noise).</exception>
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
        Guard.IsTrue(MeanExamples >= 0 && double.IsFinite(MeanExamples), nameof(MeanExamples), "must be non-negative (0: 60,000 / clients)");
        Guard.IsTrue(MaxWeight >= 1 && double.IsFinite(MaxWeight), nameof(MaxWeight), "must be at least 1");
        Dp?.Validate();
        Guard.IsTrue(Dp is null || Dp.Placement != NoisePlacement.Distributed || SecureAggregation, nameof(Dp),
            "distributed noise needs secure aggregation: without it the coordinator sees each update with only a 1/m share of the noise");
    }

    /// <summary>The description stored with the state: what must match on restart.</summary>
    internal string Fingerprint => $"model={Model};clients={Clients};per-round={EffectiveClientsPerRound};rounds={Rounds};seed={Seed}" + (SecureAggregation ? $";secagg;degree={SecAggDegree};mean-examples={EffectiveMeanExamples:R};max-weight={MaxWeight:R}" : "")
        + (Dp is { } dp ? $";dp:z={dp.NoiseMultiplier:R},C={dp.ClipNorm:R},{dp.Placement},adaptive={dp.AdaptiveClipping},delta={dp.Delta:R}" : "");
}

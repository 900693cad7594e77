namespace Veil.Federated.Simulation;

/// <summary>One round's outcome.</summary>
/// <param name="Round">The round, from 1.</param>
/// <param name="Participants">Clients whose update reached the sum.</param>
/// <param name="Dropped">Clients sampled that dropped out.</param>
/// <param name="TestAccuracy">The global model's test accuracy after the round (NaN when not evaluated).</param>
/// <param name="Seconds">Wall time of the round, evaluation excluded.</param>
/// <param name="ServerSecAggSeconds">The server's unmasking time (0 without secure aggregation).</param>
/// <param name="Epsilon">ε spent so far (0 without DP).</param>
/// <param name="ClipNorm">The clipping norm used this round (0 without DP).</param>
public sealed record RoundReport(int Round, int Participants, int Dropped, double TestAccuracy, double Seconds, double ServerSecAggSeconds, double Epsilon, double ClipNorm);

/// <summary>What a simulated federation achieved and cost.</summary>
/// <param name="Options">The settings.</param>
/// <param name="Rounds">Per-round reports.</param>
/// <param name="FinalAccuracy">The final global model's accuracy on the evaluated test images.</param>
/// <param name="Parameters">The model's parameter count d.</param>
/// <param name="PlainUploadBytes">What a client uploads per round in plain FedAvg: d float32 values.</param>
/// <param name="UploadBytesPerClient">What a participating client uploaded per round, on average (all four secure
/// aggregation messages when it is on).</param>
/// <param name="Epsilon">The final ε at the options' δ (0 without DP).</param>
/// <param name="QuantizationErrorBound">The largest error per coordinate of the secure sum against the plain sum of
/// clamped updates (0 without secure aggregation).</param>
/// <param name="Seconds">Total wall time.</param>
/// <param name="FinalWeights">The global model's weights after the last round (<see cref="Training.ModelVector"/> order).</param>
public sealed record SimulationResult(
    SimulationOptions Options,
    IReadOnlyList<RoundReport> Rounds,
    double FinalAccuracy,
    int Parameters,
    long PlainUploadBytes,
    double UploadBytesPerClient,
    double Epsilon,
    double QuantizationErrorBound,
    double Seconds,
    float[] FinalWeights);

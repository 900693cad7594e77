using System.Globalization;
using Veil.Nn;

namespace Veil.Federated.Simulation;

/// <summary>
/// How a model trained by federated learning records its training in its properties, so a comparison can place it
/// beside the same architecture trained centrally: the federation (clients, rounds, split), what each client uploaded,
/// whether the server saw only sums, and the client-level ε when DP was on.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class FlModelProperties
{
    /// <summary>The centrally trained model this one stands beside (e.g. <c>lenet</c>).</summary>
    public const string TwinKey = "fl.twin";

    private const string ClientsKey = "fl.clients", PerRoundKey = "fl.clients_per_round", RoundsKey = "fl.rounds",
        SplitKey = "fl.split", SecAggKey = "fl.secure_aggregation", UploadKey = "fl.upload_bytes_per_client_round",
        EpsilonKey = "fl.epsilon", DeltaKey = "fl.delta", AlgorithmKey = "fl.algorithm";

    /// <summary>Records a finished simulation in <paramref name="properties"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(IDictionary<string, string> properties, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(result);
        SimulationOptions o = result.Options;
        properties[TwinKey] = o.Model;
        properties[ClientsKey] = Text(o.Clients);
        properties[PerRoundKey] = Text(o.EffectiveClientsPerRound);
        properties[RoundsKey] = Text(o.Rounds);
        properties[SplitKey] = o.NonIidAlpha is double a ? $"dirichlet({Text(a)})" : "iid";
        properties[SecAggKey] = o.SecureAggregation ? (o.SecAggDegree == 0 ? "complete" : $"secagg+ degree {Text(o.SecAggDegree)}") : "none";
        properties[UploadKey] = Text(Math.Round(result.UploadBytesPerClient));
        properties[AlgorithmKey] = o.Strategy.Algorithm.ToString();
        properties["test.accuracy"] = Text(Math.Round(result.FinalAccuracy, 4));
        if (o.Dp is not null)
        {
            properties[EpsilonKey] = Text(result.Epsilon);
            properties[DeltaKey] = Text(o.Dp.Delta);
        }
    }

    /// <summary>The centrally trained model <paramref name="model"/> stands beside, or null when it was not trained
    /// by federated learning.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public static string? TwinOf(Sequential model) =>
        Guard.NotNull(model).Properties.TryGetValue(TwinKey, out string? twin) ? twin : null;

    /// <summary>The client-level (ε, δ), when the model was trained with client-level DP.</summary>
    public static bool TryReadGuarantee(IDictionary<string, string> properties, out double epsilon, out double delta)
    {
        ArgumentNullException.ThrowIfNull(properties);
        epsilon = delta = 0;
        return properties.TryGetValue(EpsilonKey, out string? e) && properties.TryGetValue(DeltaKey, out string? d)
            && double.TryParse(e, NumberStyles.Float, CultureInfo.InvariantCulture, out epsilon)
            && double.TryParse(d, NumberStyles.Float, CultureInfo.InvariantCulture, out delta);
    }

    /// <summary>A few words on the federation, for a comparison's note column.</summary>
    public static string Describe(IDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        string Get(string key) => properties.TryGetValue(key, out string? v) ? v : "?";
        string upload = double.TryParse(Get(UploadKey), NumberStyles.Float, CultureInfo.InvariantCulture, out double bytes) ? $"{bytes / 1e3:F0} KB" : "?";
        string secagg = Get(SecAggKey) == "none" ? "in the clear" : "secure aggregation";
        return $"{Get(ClientsKey)} clients ({Get(SplitKey)}), {Get(RoundsKey)} rounds of {Get(PerRoundKey)}, {upload} up per client and round, {secagg}";
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

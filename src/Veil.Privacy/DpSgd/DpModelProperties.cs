using System.Globalization;

namespace Veil.Privacy.DpSgd;

/// <summary>
/// The privacy record of a DP-trained model, kept in its file's property bag (<see cref="Nn.Sequential.Properties"/>):
/// the (epsilon, delta) guarantee and the settings behind it, under keys <c>dp.*</c>. A model without
/// <see cref="EpsilonKey"/> was not trained privately.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class DpModelProperties
{
    /// <summary>The guaranteed epsilon (by <see cref="AccountantKey"/>), for <see cref="DeltaKey"/>.</summary>
    public const string EpsilonKey = "dp.epsilon";

    /// <summary>The delta of the guarantee.</summary>
    public const string DeltaKey = "dp.delta";

    /// <summary>The accountant behind <see cref="EpsilonKey"/>: <c>rdp</c> or <c>prv</c>.</summary>
    public const string AccountantKey = "dp.accountant";

    /// <summary>The RDP accountant's epsilon for the same run (equal to <see cref="EpsilonKey"/> under RDP).</summary>
    public const string RdpEpsilonKey = "dp.epsilon_rdp";

    /// <summary>The RDP order that gave the epsilon.</summary>
    public const string OrderKey = "dp.rdp_order";

    /// <summary>The PRV accountant's epsilon (upper end of its proven interval) for the same run, for comparison.</summary>
    public const string PrvEpsilonKey = "dp.epsilon_prv";

    /// <summary>The target epsilon the noise was chosen for.</summary>
    public const string TargetEpsilonKey = "dp.target_epsilon";

    /// <summary>Noise multiplier sigma.</summary>
    public const string NoiseMultiplierKey = "dp.noise_multiplier";

    /// <summary>Clipping norm C.</summary>
    public const string ClipKey = "dp.clip";

    /// <summary><c>flat</c> or <c>per-layer</c>.</summary>
    public const string ClippingKey = "dp.clipping";

    /// <summary>Poisson sample rate q.</summary>
    public const string SampleRateKey = "dp.sample_rate";

    /// <summary>Expected batch size qN.</summary>
    public const string ExpectedBatchKey = "dp.expected_batch";

    /// <summary>Steps T.</summary>
    public const string StepsKey = "dp.steps";

    /// <summary>Training examples N.</summary>
    public const string DatasetSizeKey = "dp.training_examples";

    /// <summary>Decay of the weight average released (0: the last iterate).</summary>
    public const string AverageKey = "dp.weight_average";

    /// <summary>Layers kept at their initial weights (indices into the model's layers, space-separated; absent when none).</summary>
    public const string FrozenKey = "dp.frozen_layers";

    /// <summary>The non-private model a DP-trained model stands beside in comparisons (e.g. <c>lenet</c> for
    /// <c>lenet-dp3</c>): its architecture's <see cref="Nn.Zoo.ZooEntry.PlainTwin"/>, or the architecture itself.</summary>
    public const string TwinKey = "dp.twin";

    /// <summary>How the noise was drawn.</summary>
    public const string NoiseKey = "dp.noise";

    /// <summary>The non-private model <paramref name="model"/> stands beside, when it was trained privately: its
    /// <see cref="TwinKey"/> property, or else the plain twin of the zoo architecture it was built from
    /// (property <c>zoo.name</c>); null for a model not trained with differential privacy.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public static string? TwinOf(Nn.Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Properties.ContainsKey(EpsilonKey))
        {
            return null;
        }

        if (model.Properties.TryGetValue(TwinKey, out string? twin))
        {
            return twin;
        }

        return model.Properties.TryGetValue("zoo.name", out string? architecture)
            ? Nn.Zoo.ModelZoo.TryGet(architecture, out Nn.Zoo.ZooEntry? entry) ? entry.PlainTwin ?? entry.Name : architecture
            : null;
    }

    /// <summary>Records a finished run in <paramref name="properties"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(IDictionary<string, string> properties, DpSgdResult result, DpSgdOptions options)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        DpSgdPlan plan = result.Plan;
        properties[EpsilonKey] = Text(result.Epsilon);
        properties[DeltaKey] = Text(result.Rdp.Delta);
        properties[AccountantKey] = Accounting.PrivacyAccountants.Name(result.EpsilonAccountant);
        properties[RdpEpsilonKey] = Text(result.Rdp.Epsilon);
        properties[OrderKey] = Text(result.Rdp.Order);
        if (result.Prv is { } prv)
        {
            properties[PrvEpsilonKey] = Text(prv.Epsilon);
        }

        if (options.TargetEpsilon is double target)
        {
            properties[TargetEpsilonKey] = Text(target);
        }

        properties[NoiseMultiplierKey] = Text(plan.NoiseMultiplier);
        properties[ClipKey] = Text(plan.ClippingNorm);
        properties[ClippingKey] = options.Clipping == ClippingMode.PerLayer ? "per-layer" : "flat";
        properties[SampleRateKey] = Text(plan.SampleRate);
        properties[ExpectedBatchKey] = plan.ExpectedBatchSize.ToString(CultureInfo.InvariantCulture);
        properties[StepsKey] = result.Epochs.Count == 0 ? "0" : result.Epochs[^1].Steps.ToString(CultureInfo.InvariantCulture);
        properties[DatasetSizeKey] = plan.DatasetSize.ToString(CultureInfo.InvariantCulture);
        properties[AverageKey] = Text(options.AverageDecay);
        if (options.FrozenLayers is { Count: > 0 } frozen)
        {
            properties[FrozenKey] = string.Join(' ', frozen.Select(l => l.ToString(CultureInfo.InvariantCulture)));
        }

        properties[NoiseKey] = options.HardenedNoise ? "csprng-ziggurat-hardened" : "csprng-ziggurat";
    }

    /// <summary>Reads the guarantee of a DP-trained model.</summary>
    /// <returns>False when the model carries no privacy record (it was not trained privately).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="properties"/> is null.</exception>
    /// <exception cref="VeilFormatException">The record is there but malformed (a missing delta, or not a number).</exception>
    public static bool TryReadGuarantee(IDictionary<string, string> properties, out double epsilon, out double delta)
    {
        ArgumentNullException.ThrowIfNull(properties);
        epsilon = delta = 0;
        if (!properties.TryGetValue(EpsilonKey, out string? epsilonText))
        {
            return false;
        }

        if (!properties.TryGetValue(DeltaKey, out string? deltaText))
        {
            throw new VeilFormatException($"the model records {EpsilonKey} but no {DeltaKey}.");
        }

        epsilon = Parse(EpsilonKey, epsilonText);
        delta = Parse(DeltaKey, deltaText);
        return true;
    }

    private static double Parse(string key, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value >= 0
            ? value
            : throw new VeilFormatException($"the model property {key} is not a non-negative number: '{text}'.");

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

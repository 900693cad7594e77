using System.Text.Json.Nodes;
using Veil.Nn;
using Veil.Privacy.DpSgd;

namespace Veil.Cli.Commands.Privacy;

/// <summary>What a model file says about its privacy, for <c>veil eval</c>.</summary>
internal static class ModelPrivacy
{
    /// <summary>Adds <c>epsilon</c> and <c>delta</c> to an evaluation's JSON: the recorded guarantee of a
    /// DP-trained model, or null for a model trained without differential privacy.</summary>
    /// <exception cref="VeilFormatException">The model's privacy record is malformed.</exception>
    public static void AddTo(JsonObject document, Sequential model)
    {
        bool isPrivate = DpModelProperties.TryReadGuarantee(model.Properties, out double epsilon, out double delta);
        document["epsilon"] = isPrivate ? epsilon : null;
        document["delta"] = isPrivate ? delta : null;
    }

    /// <summary>One line for the table output, or null for a model trained without differential privacy.</summary>
    /// <exception cref="VeilFormatException">The model's privacy record is malformed.</exception>
    public static string? Describe(Sequential model) =>
        DpModelProperties.TryReadGuarantee(model.Properties, out double epsilon, out double delta)
            ? $"{model.Name} was trained with differential privacy: (epsilon {epsilon:G4}, delta {delta:G3})-DP."
            : null;
}

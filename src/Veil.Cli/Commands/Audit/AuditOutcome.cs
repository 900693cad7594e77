using Veil.Audit.Attacks;
using Veil.Audit.Metrics;
using Veil.Audit.Shadows;
using Veil.Nn.Training;

namespace Veil.Cli.Commands.Audit;

/// <summary>What one membership audit measured, and how it was set up.</summary>
internal sealed record AuditOutcome(
    TrainingRecipe Recipe, TrainingOptions Training, string Design, int Targets, double ShadowSeconds, LiraOptions Lira, IReadOnlyList<AttackMetrics> Results)
{
    /// <summary>The set-up in words, for reports.</summary>
    public string Setup(int shadows) =>
        $"{Targets:N0} targets ({Design}); {shadows} shadow {Recipe.Architecture.Name} models, {Training.Epochs} epochs each, trained in {ShadowSeconds:F0} s" +
        (Lira.GlobalVariance ? "; LiRA with a global variance" : string.Empty);
}

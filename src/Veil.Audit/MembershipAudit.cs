using Veil.Audit.Attacks;
using Veil.Audit.Metrics;
using Veil.Audit.Shadows;

namespace Veil.Audit;

/// <summary>
/// Runs membership-inference attacks on one target model whose training membership over a pool is known, with
/// shadow (reference) models trained on halves of the same pool, and measures each attack.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class MembershipAudit
{
    /// <summary>The name of an attack in reports and on the command line.</summary>
    public static string Name(AttackKind kind) => kind switch
    {
        AttackKind.Loss => "loss",
        AttackKind.LiraOnline => "lira-online",
        AttackKind.LiraOffline => "lira-offline",
        AttackKind.Rmia => "rmia",
        _ => "rmia-offline",
    };

    /// <summary>Scores every target with each attack in <paramref name="attacks"/> and measures it.</summary>
    /// <param name="target">The target model's outputs on the pool.</param>
    /// <param name="targetPopulation">The target model's outputs on the population points (for RMIA).</param>
    /// <param name="members">Which pool points the target trained on.</param>
    /// <param name="shadows">Reference models, trained on halves of the same pool.</param>
    /// <param name="attacks">Which attacks.</param>
    /// <param name="lira">LiRA settings; null for the defaults.</param>
    /// <param name="rmia">RMIA settings (its Offline flag is set per attack); null for the defaults.</param>
    /// <param name="bootstrap">Bootstrap resamples per metric.</param>
    /// <param name="seed">Seeds the bootstrap.</param>
    /// <exception cref="ArgumentException">The counts disagree, or one class is missing among the targets.</exception>
    public static IReadOnlyList<AttackMetrics> Run(
        ModelOutputs target, ModelOutputs targetPopulation, bool[] members, ShadowSet shadows, IReadOnlyCollection<AttackKind> attacks,
        LiraOptions? lira = null, RmiaOptions? rmia = null, int bootstrap = 200, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(targetPopulation);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(shadows);
        ArgumentNullException.ThrowIfNull(attacks);
        rmia ??= new RmiaOptions();
        var results = new List<AttackMetrics>();
        foreach (AttackKind kind in attacks.Distinct().Order())
        {
            double[] scores = kind switch
            {
                AttackKind.Loss => LossAttack.ScoreNew(target.Loss),
                AttackKind.LiraOnline => Lira.Online(target.Confidence, shadows.Confidences(), lira),
                AttackKind.LiraOffline => Lira.Offline(target.Confidence, shadows.Confidences(), lira),
                _ => Rmia.Score(
                    target.Probability, shadows.Probabilities(), targetPopulation.Probability,
                    [.. shadows.Population.Select(p => p.Probability)], rmia with { Offline = kind == AttackKind.RmiaOffline }),
            };
            results.Add(AttackMetrics.Evaluate(Name(kind), scores, members, bootstrap, seed));
        }

        return results;
    }
}

using Veil.Audit.Attacks;
using Veil.Audit.Metrics;
using Veil.Cli.Commands.Audit;
using Veil.Compare.Results;
using Veil.Nn.Zoo;

namespace Veil.Cli.Commands.Compare;

/// <summary><c>veil compare --audit</c>: the membership audit of one shipped model with <c>veil audit</c>'s defaults,
/// in the results' form.</summary>
internal static class CompareAudit
{
    public const int Shadows = 8;
    public const int Targets = 2000;

    public static ModelAudit Run(CliContext context, string model)
    {
        var request = new AuditRequest
        {
            Target = ShippedModels.Load(model),
            Attacks = [AttackKind.Loss, AttackKind.LiraOnline, AttackKind.LiraOffline, AttackKind.Rmia, AttackKind.RmiaOffline],
            Shadows = Shadows,
            Targets = Targets,
            Population = 1000,
            Seed = 1,
            Bootstrap = 200,
        };
        AuditOutcome outcome = AuditRun.Measure(context, request);
        return new ModelAudit(model, outcome.Setup(Shadows), [.. outcome.Results.Select(Of)]);
    }

    private static AuditAttackResult Of(AttackMetrics r) => new(
        r.Attack, r.Targets, r.Members, r.Auc, r.AucInterval.Lower, r.AucInterval.Upper, r.TprAt1PercentFpr,
        r.TprAtTenthPercentFpr, r.TprAtTenthPercentFprInterval.Lower, r.TprAtTenthPercentFprInterval.Upper,
        [.. r.Roc.Select(p => new[] { p.Fpr, p.Tpr })]);
}

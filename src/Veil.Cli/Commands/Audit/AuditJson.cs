using System.Text.Json.Nodes;
using Veil.Audit.Metrics;

namespace Veil.Cli.Commands.Audit;

/// <summary>The JSON form of one attack's metrics, shared by <c>veil audit</c> and its output files.</summary>
internal static class AuditJson
{
    public static JsonObject Of(AttackMetrics r) => new()
    {
        ["attack"] = r.Attack,
        ["targets"] = r.Targets,
        ["members"] = r.Members,
        ["auc"] = r.Auc,
        ["auc_ci"] = Interval(r.AucInterval),
        ["tpr_at_1pct_fpr"] = r.TprAt1PercentFpr,
        ["tpr_at_1pct_fpr_ci"] = Interval(r.TprAt1PercentFprInterval),
        ["tpr_at_0_1pct_fpr"] = r.TprAtTenthPercentFpr,
        ["tpr_at_0_1pct_fpr_ci"] = Interval(r.TprAtTenthPercentFprInterval),
        ["roc"] = new JsonArray([.. r.Roc.Select(p => (JsonNode)new JsonArray(p.Fpr, p.Tpr))]),
    };

    private static JsonArray Interval(ConfidenceInterval interval) => new(interval.Lower, interval.Upper);
}

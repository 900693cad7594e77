using Veil.Compare.Results;

namespace Veil.Compare.Tests;

/// <summary>Made-up results for the report's tests: invented figures in the shape a real run has (plain, he, mpc and
/// dp rows and a failed one), never measurements.</summary>
internal static class TestResults
{
    public static readonly MachineInfo Machine = new("Test CPU (made up)", 2, 24L << 30, "Linux test", "10.0.0", "0.1.0", "abc1234", 0.75);

    /// <summary>A measured row; slowdowns are derived from the baseline figures as a real run would.</summary>
    public static ComparisonRow Ok(
        string model, string backend, double accuracy, double latency, double throughput, int batch,
        string? baseline = null, double baselineAccuracy = double.NaN, double plainLatency = double.NaN, double plainThroughput = double.NaN,
        double? bytes = null, double? latencyBytes = null, double? rounds = null, double? epsilon = null, double? delta = null, string note = "")
    {
        baselineAccuracy = double.IsNaN(baselineAccuracy) ? accuracy : baselineAccuracy;
        plainLatency = double.IsNaN(plainLatency) ? latency : plainLatency;
        plainThroughput = double.IsNaN(plainThroughput) ? throughput : plainThroughput;
        return new ComparisonRow(model, backend, RowStatus.Ok, null, baseline ?? model, 100, accuracy, baselineAccuracy,
            (accuracy - baselineAccuracy) * 100, latency, throughput, batch, latency / plainLatency, plainThroughput / throughput,
            bytes, latencyBytes, rounds, 0.5, epsilon, delta, note);
    }

    /// <summary>Every kind of row: plain, mpc, he (batched), dp, and he failing on lenet.</summary>
    public static ComparisonResults Full() => Of(
        Ok("mlp", "plain", 0.98, 2e-5, 5e5, 128),
        Ok("mlp", "mpc", 0.98, 5e-3, 2e3, 128, plainLatency: 2e-5, plainThroughput: 5e5, bytes: 1.2e6, latencyBytes: 1.5e6, rounds: 30),
        Ok("lenet", "plain", 0.99, 1e-4, 1e5, 128),
        Ok("lenet", "mpc", 0.988, 3e-2, 500, 128, baselineAccuracy: 0.99, plainLatency: 1e-4, plainThroughput: 1e5, bytes: 1.5e7, latencyBytes: 1.8e7, rounds: 60),
        Ok("cnn-he", "plain", 0.97, 5e-5, 2e5, 4096),
        Ok("cnn-he", "he", 0.97, 1.2, 400, 4096, plainLatency: 5e-5, plainThroughput: 2e5, bytes: 3.5e4, latencyBytes: 4e6, note: "batch packing"),
        Ok("lenet-dp3", "dp", 0.95, 1e-4, 1e5, 128, baseline: "lenet", baselineAccuracy: 0.99, epsilon: 3, delta: 1e-5),
        ComparisonRow.Failed("lenet", "he", "lenet", "ReLU is not a polynomial")) with { Audits = Audits() };

    /// <summary>Made-up audits of lenet and lenet-dp3: two attacks each, with short ROC curves.</summary>
    public static IReadOnlyList<ModelAudit> Audits() =>
    [
        new ModelAudit("lenet", "1,000 targets, 8 shadows", [Attack("lira-online", 0.62, 0.05), Attack("loss", 0.55, 0.0)]),
        new ModelAudit("lenet-dp3", "1,000 targets, 8 shadows", [Attack("lira-online", 0.51, 0.002), Attack("loss", 0.50, 0.0)]),
    ];

    private static AuditAttackResult Attack(string name, double auc, double tpr) =>
        new(name, 1000, 500, auc, auc - 0.02, auc + 0.02, tpr * 2, tpr, tpr / 2, tpr * 2,
            [[0, 0], [0.001, tpr], [0.01, Math.Min(1, (tpr * 2) + 0.01)], [0.1, 0.15], [0.5, Math.Min(1, auc)], [1, 1]]);

    public static ComparisonResults Of(params ComparisonRow[] rows) =>
        new("veil compare --limit 100 --out run/", new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero), Machine, 100, rows);
}

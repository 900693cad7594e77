using Veil.Compare.Results;

namespace Veil.Cli.Tests.Compare;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-cli-compare").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ComparesMlpInTheClearAndUnderMpcAsJson()
    {
        var (code, output, error) = CliRunner.Run("compare", "--models", "mlp", "--backends", "plain,mpc", "--limit", "8", "--json");
        Assert.True(code == 0, error + output);
        ComparisonResults results = ResultsJson.Deserialize(output);

        Assert.Equal("veil compare --models mlp --backends plain,mpc --limit 8", results.Command);
        Assert.Equal(8, results.Limit);
        Assert.Equal(Environment.ProcessorCount, results.Machine.Cores);
        Assert.Equal(["plain", "mpc"], results.Rows.Select(r => r.Backend));
        Assert.All(results.Rows, r => Assert.Equal((RowStatus.Ok, "mlp", 8), (r.Status, r.Model, r.Images)));
        ComparisonRow mpc = results.Rows[1];
        Assert.Equal(results.Rows[0].Accuracy, mpc.BaselineAccuracy);
        Assert.Equal(mpc.LatencySeconds / results.Rows[0].LatencySeconds, mpc.LatencySlowdown);
        Assert.True(mpc.BytesPerImage > 784 * 8 && mpc.Rounds > 0 && mpc.LatencyBytes > 0);
        Assert.InRange(mpc.ThroughputBatch!.Value, 8, 4096);
    }

    [Fact]
    public void WritesResultsIntoTheOutputDirectoryAndPrintsATable()
    {
        string directory = Path.Combine(_directory, "run");
        var (code, output, error) = CliRunner.Run("compare", "--models", " mlp-square , mlp", "--backends", "plain", "--limit", "5", "--max-seconds", "30", "--out", directory);
        Assert.True(code == 0, error + output);

        ComparisonResults results = ResultsJson.ReadFile(Path.Combine(directory, "results.json"));
        Assert.Equal($"veil compare --models mlp-square,mlp --backends plain --limit 5 --max-seconds 30 --out {directory}", results.Command);
        Assert.Equal(["mlp-square", "mlp"], results.Rows.Select(r => r.Model));
        Assert.Contains("mlp-square", output, StringComparison.Ordinal);
        Assert.Contains("results: " + Path.Combine(directory, "results.json"), output, StringComparison.Ordinal);
        string report = File.ReadAllText(Path.Combine(directory, "report.html"));
        Assert.StartsWith("<!DOCTYPE html>", report, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("mlp-square", report, StringComparison.Ordinal);
        Assert.Contains("report: " + Path.Combine(directory, "report.html"), output, StringComparison.Ordinal);
    }

    // --audit adds a membership audit per model (8 shadow MLPs on 1,000-image halves: seconds) and the privacy column.
    [Fact]
    public void AuditAddsAPrivacyColumnAndTheAuditsToTheResults()
    {
        string directory = Path.Combine(_directory, "audited");
        var (code, output, error) = CliRunner.Run("compare", "--models", "mlp", "--backends", "plain", "--limit", "5", "--audit", "--out", directory);
        Assert.True(code == 0, error);
        Assert.Contains("LiRA AUC", output, StringComparison.Ordinal);
        ComparisonResults results = ResultsJson.ReadFile(Path.Combine(directory, "results.json"));
        ModelAudit audit = Assert.Single(results.Audits!);
        Assert.Equal("mlp", audit.Model);
        Assert.Equal(["loss", "lira-online", "lira-offline", "rmia", "rmia-offline"], audit.Attacks.Select(a => a.Attack));
        Assert.All(audit.Attacks, a => Assert.Equal(2000, a.Targets));
        Assert.NotNull(audit.Headline);
        Assert.Contains("--audit", results.Command, StringComparison.Ordinal);
        Assert.Contains("id=\"audit\"", File.ReadAllText(Path.Combine(directory, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedDpModelStandsBesideItsTwin()
    {
        var (code, output, error) = CliRunner.Run("compare", "--models", "lenet-dp3", "--backends", "dp", "--limit", "50", "--json");
        Assert.True(code == 0, error + output);
        ComparisonResults results = ResultsJson.Deserialize(output);

        Assert.Equal(["lenet/plain", "lenet-dp3/dp"], results.Rows.Select(r => $"{r.Model}/{r.Backend}"));
        ComparisonRow dp = results.Rows[1];
        Assert.Equal(("lenet", 50, results.Rows[0].Accuracy), (dp.Baseline, dp.Images, dp.BaselineAccuracy));
        Assert.InRange(dp.Epsilon!.Value, 2.5, 3.0);
        Assert.Equal(1e-5, dp.Delta);
        Assert.InRange(dp.Accuracy!.Value, 0.9, 1.0);
    }

    [Fact]
    public void TheShippedFederatedModelStandsBesideItsTwin()
    {
        var (code, output, error) = CliRunner.Run("compare", "--models", "lenet-fl", "--backends", "fl", "--limit", "50", "--json");
        Assert.True(code == 0, error + output);
        ComparisonResults results = ResultsJson.Deserialize(output);

        Assert.Equal(["lenet/plain", "lenet-fl/fl"], results.Rows.Select(r => $"{r.Model}/{r.Backend}"));
        ComparisonRow fl = results.Rows[1];
        Assert.Equal(("lenet", 50, results.Rows[0].Accuracy), (fl.Baseline, fl.Images, fl.BaselineAccuracy));
        Assert.Null(fl.Epsilon);
        Assert.Contains("100 clients (dirichlet(0.5)), 50 rounds of 10", fl.Note, StringComparison.Ordinal);
        Assert.Contains("secure aggregation", fl.Note, StringComparison.Ordinal);
        Assert.InRange(fl.Accuracy!.Value, 0.9, 1.0);
    }

    [Theory]
    [InlineData("--models", "mlp,nosuch", "unknown model 'nosuch'")]
    [InlineData("--backends", "plain,tee", "unknown backend 'tee'")]
    [InlineData("--limit", "0", "--limit must be at least 1")]
    [InlineData("--max-seconds", "-1", "--max-seconds must be at least 0")]
    public void RefusesUnknownNamesWithOneLine(string option, string value, string message)
    {
        var (code, output, error) = CliRunner.Run("compare", option, value);
        Assert.Equal(2, code);
        Assert.Empty(output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("veil: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }
}

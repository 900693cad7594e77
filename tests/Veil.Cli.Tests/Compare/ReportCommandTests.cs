using Veil.Compare.Results;

namespace Veil.Cli.Tests.Compare;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void RendersASavedResultsFile()
    {
        string results = Path.Combine(_directory, "results.json");
        ResultsJson.WriteFile(Sample(), results);
        string report = Path.Combine(_directory, "out", "report.html");

        var (code, output, error) = CliRunner.Run("report", "--from", results, "--out", report);

        Assert.True(code == 0, error);
        Assert.Equal(report, output.Trim());
        string html = File.ReadAllText(report);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("made-up-model", html, StringComparison.Ordinal);
        Assert.Contains("party 1 went away", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WritesBesideTheResultsByDefault()
    {
        string results = Path.Combine(_directory, "results.json");
        ResultsJson.WriteFile(Sample(), results);

        var (code, output, error) = CliRunner.Run("report", "--from", results);

        Assert.True(code == 0, error);
        Assert.Equal(Path.Combine(_directory, "report.html"), output.Trim());
        Assert.True(File.Exists(Path.Combine(_directory, "report.html")));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    [InlineData("missing")]
    public void ABadResultsFileIsOneLineAndExitCodeTwo(string kind)
    {
        string results = Path.Combine(_directory, "results.json");
        string json = ResultsJson.Serialize(Sample());
        if (kind == "truncated")
        {
            File.WriteAllText(results, json[..(json.Length / 2)]);
        }
        else if (kind == "garbage")
        {
            File.WriteAllBytes(results, [0x00, 0xff, 0x13, 0x37, 0x7b]);
        }

        string report = Path.Combine(_directory, "report.html");
        var (code, _, error) = CliRunner.Run("report", "--from", results, "--out", report);

        Assert.Equal(2, code);
        Assert.StartsWith("veil: ", error, StringComparison.Ordinal);
        Assert.Contains("results.json", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(report));
    }

    /// <summary>Made-up results (not measurements): one measured row and one failed.</summary>
    private static ComparisonResults Sample() => new(
        "veil compare --limit 10",
        new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero),
        new MachineInfo("Test CPU", 2, 1L << 30, "Linux", "10.0.0", "0.1.0", "abc1234", null),
        10,
        [
            new ComparisonRow("made-up-model", "plain", RowStatus.Ok, null, "made-up-model", 10, 0.9, 0.9, 0, 1e-4, 1e4, 10, 1, 1, null, null, null, 0, null, null, string.Empty),
            ComparisonRow.Failed("made-up-model", "mpc", "made-up-model", "party 1 went away"),
        ]);
}

using System.Text.Json;

namespace Veil.Cli.Tests.Audit;

public sealed class AuditCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "veil-audit-" + Guid.NewGuid());

    public AuditCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("audit", "--model", "lenet", "--attack", "bogus")]
    [InlineData("audit", "--model", "lenet", "--attack", ",")]
    [InlineData("audit", "--model", "lenet", "--shadows", "1")]
    [InlineData("audit", "--model", "lenet", "--targets", "2")]
    [InlineData("audit", "--model", "no-such-model")]
    [InlineData("audit")]
    [InlineData("audit", "--model", "lenet", "--model-file", "x.veil")]
    [InlineData("audit", "--model-file", "/no/such/file.veil")]
    [InlineData("audit", "dp", "--dp-epsilon", "2", "--model", "no-such-arch")]
    [InlineData("audit", "dp", "--dp-epsilon", "2", "--canaries", "10", "--guesses", "11")]
    [InlineData("audit", "dp", "--dp-epsilon", "2", "--canaries", "60000")]
    [InlineData("audit", "dp", "--dp-epsilon", "-1")]
    [InlineData("audit", "dp")]
    [InlineData("audit", "dp", "--dp-epsilon", "2", "--lr", "0")]
    [InlineData("audit", "dp", "--dp-epsilon", "2", "--clip", "-1")]
    public void BadInputIsOneLineAndExitCodeTwo(params string[] args)
    {
        CliRunner.Refused(args);
    }

    // A tiny overfitted MLP (100 images, 20 epochs) with two shadow models: every attack runs, JSON and files appear.
    [Fact]
    public void AuditOfATinyModelWritesMetricsAndRocFiles()
    {
        string model = Path.Combine(_directory, "tiny.veil");
        var (trained, _, trainError) = CliRunner.Run("train", "--model", "mlp", "--limit", "100", "--epochs", "20", "--out", model);
        Assert.True(trained == 0, trainError);
        string output = Path.Combine(_directory, "out");
        var (code, stdout, error) = CliRunner.Run(
            "audit", "--model-file", model, "--shadows", "2", "--population", "50", "--bootstrap", "10", "--json", "--out", output);
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(stdout);
        JsonElement root = document.RootElement;
        Assert.Equal("mlp", root.GetProperty("architecture").GetString());
        Assert.Equal(200, root.GetProperty("targets").GetInt32());
        Assert.Equal(20, root.GetProperty("shadow_epochs").GetInt32());
        string[] attacks = [.. root.GetProperty("attacks").EnumerateArray().Select(a => a.GetProperty("attack").GetString()!)];
        Assert.Equal(["loss", "lira-online", "lira-offline", "rmia", "rmia-offline"], attacks);
        JsonElement loss = root.GetProperty("attacks")[0];
        Assert.Equal(100, loss.GetProperty("members").GetInt32());
        Assert.True(loss.GetProperty("auc").GetDouble() > 0.6, $"LOSS AUC {loss.GetProperty("auc").GetDouble()}");
        Assert.True(File.Exists(Path.Combine(output, "audit.json")));
        Assert.StartsWith("fpr,tpr\n0,0\n", File.ReadAllText(Path.Combine(output, "roc-lira-online.csv")));
    }

    [Fact]
    public void DpAuditBoundIsBelowTheAccountantsEpsilon()
    {
        var (code, stdout, error) = CliRunner.Run(
            "audit", "dp", "--model", "mlp", "--dp-epsilon", "2", "--canaries", "40", "--train-size", "100", "--epochs", "1", "--batch", "50", "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(stdout);
        JsonElement root = document.RootElement;
        Assert.Equal(40, root.GetProperty("canaries").GetInt32());
        Assert.Equal(8, root.GetProperty("guesses").GetInt32());
        double accountant = root.GetProperty("epsilon_accountant").GetDouble();
        Assert.InRange(accountant, 1.5, 2.0);
        Assert.InRange(root.GetProperty("epsilon_empirical").GetDouble(), 0, accountant);
    }
}

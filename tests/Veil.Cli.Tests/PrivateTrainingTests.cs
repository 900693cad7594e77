using System.Text.Json;
using Veil.Nn.Serialization;
using Veil.Nn.Zoo;
using Veil.Privacy.DpSgd;

namespace Veil.Cli.Tests;

public sealed class PrivateTrainingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "veil-cli-dp-" + Guid.NewGuid());

    public PrivateTrainingTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void PrivateTrainingRecordsTheGuaranteeAndEvalReportsIt()
    {
        string path = Path.Combine(_directory, "mlp-dp.veil");
        var (code, output, error) = CliRunner.Run(
            "train", "--model", "mlp", "--name", "mlp-dp", "--dp-epsilon", "4", "--dp-delta", "1e-4", "--clip", "0.5",
            "--limit", "2000", "--batch", "200", "--epochs", "2", "--lr", "1", "--out", path, "--json");
        Assert.True(code == 0, error);
        Assert.Contains("epsilon", error); // the plan and each epoch's epsilon on the status stream
        using var document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        double epsilon = root.GetProperty("epsilon").GetDouble();
        Assert.InRange(epsilon, 4 - 1e-3, 4);
        Assert.Equal(1e-4, root.GetProperty("delta").GetDouble());
        double[] perEpoch = [.. root.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epsilon").GetDouble())];
        Assert.Equal(2, perEpoch.Length);
        Assert.True(perEpoch[0] < perEpoch[1] && perEpoch[1] == epsilon);
        JsonElement privacy = root.GetProperty("privacy");
        Assert.Equal(0.5, privacy.GetProperty("clip").GetDouble());
        Assert.Equal(0.1, privacy.GetProperty("sample_rate").GetDouble(), 12);
        Assert.Equal(20, privacy.GetProperty("steps").GetInt32());
        Assert.True(privacy.GetProperty("epsilon_prv").GetDouble() < epsilon);

        var model = ModelFile.Load(path);
        Assert.Equal("mlp-dp", model.Name);
        Assert.Equal("mlp", model.Properties["zoo.name"]);
        Assert.True(DpModelProperties.TryReadGuarantee(model.Properties, out double stored, out double delta));
        Assert.Equal(epsilon, stored);
        Assert.Equal(1e-4, delta);
        Assert.Contains("--dp-epsilon 4 --dp-delta 0.0001 --clip 0.5", model.Properties["train.command"]);
        Assert.False(model.Properties.ContainsKey("train.final_loss")); // statistics of the private data stay out of the file

        var (evalCode, evalOutput, evalError) = CliRunner.Run("eval", "--model-file", path, "--limit", "100", "--json");
        Assert.True(evalCode == 0, evalError);
        using var eval = JsonDocument.Parse(evalOutput);
        Assert.Equal("mlp-dp", eval.RootElement.GetProperty("model").GetString());
        Assert.Equal(epsilon, eval.RootElement.GetProperty("epsilon").GetDouble());
        Assert.Equal(1e-4, eval.RootElement.GetProperty("delta").GetDouble());
    }

    /// <summary>With --dp-accountant prv the run spends the target by PRV (RDP, looser, says more) and the file records
    /// PRV's epsilon under dp.epsilon.</summary>
    [Fact]
    public void ThePrvAccountantCertifiesTheTarget()
    {
        string path = Path.Combine(_directory, "mlp-prv.veil");
        var (code, output, error) = CliRunner.Run(
            "train", "--model", "mlp", "--dp-epsilon", "2", "--dp-delta", "1e-4", "--dp-accountant", "prv",
            "--limit", "1000", "--batch", "100", "--epochs", "1", "--out", path, "--json");
        Assert.True(code == 0, error);
        Assert.Contains("(PRV)", error);
        using var document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        double epsilon = root.GetProperty("epsilon").GetDouble();
        Assert.InRange(epsilon, 2 - 1e-3, 2);
        JsonElement privacy = root.GetProperty("privacy");
        Assert.Equal("prv", privacy.GetProperty("accountant").GetString());
        Assert.Equal(epsilon, privacy.GetProperty("epsilon_prv").GetDouble());
        Assert.True(privacy.GetProperty("epsilon_rdp").GetDouble() > 2);

        var model = ModelFile.Load(path);
        Assert.Equal("prv", model.Properties[DpModelProperties.AccountantKey]);
        Assert.True(DpModelProperties.TryReadGuarantee(model.Properties, out double stored, out _));
        Assert.Equal(epsilon, stored);
        Assert.Contains("--dp-accountant prv", model.Properties["train.command"]);
    }

    [Fact]
    public void EvalOfANonPrivateModelHasNullEpsilonAndDelta()
    {
        string path = Path.Combine(_directory, "plain.veil");
        ModelFile.Save(ModelZoo.Create("mlp", 1), path);
        var (code, output, error) = CliRunner.Run("eval", "--model-file", path, "--limit", "20", "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("epsilon").ValueKind);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("delta").ValueKind);
    }

    [Theory]
    [InlineData("--dp-epsilon", "0")]
    [InlineData("--dp-epsilon", "-1")]
    [InlineData("--dp-epsilon", "lots")]
    [InlineData("--dp-epsilon", "1e-12")]
    [InlineData("--dp-epsilon", "3", "--dp-delta", "0")]
    [InlineData("--dp-epsilon", "3", "--dp-delta", "1e-3")]
    [InlineData("--dp-epsilon", "3", "--clip", "0")]
    [InlineData("--dp-epsilon", "3", "--clip", "-2")]
    [InlineData("--dp-epsilon", "3", "--dp-clipping", "sideways")]
    [InlineData("--dp-epsilon", "3", "--dp-average", "1")]
    [InlineData("--dp-epsilon", "3", "--batch", "5000")]
    [InlineData("--dp-epsilon", "3", "--name", "Not_A_Name")]
    [InlineData("--dp-epsilon", "3", "--dp-freeze", "2")]
    [InlineData("--dp-epsilon", "3", "--dp-freeze", "1", "3", "5")]
    [InlineData("--dp-epsilon", "3", "--dp-accountant", "moments")]
    [InlineData("--dp-accountant", "prv")]
    [InlineData("--clip", "1")]
    [InlineData("--dp-delta", "1e-5")]
    public void BadPrivacyArgumentsAreOneLineAndExitCodeTwo(params string[] dpArguments)
    {
        string[] args = ["train", "--model", "mlp", "--limit", "1000", "--epochs", "1", "--out", Path.Combine(_directory, "bad.veil"), .. dpArguments];
        CliRunner.Refused(args);
        Assert.False(File.Exists(Path.Combine(_directory, "bad.veil")));
    }
}

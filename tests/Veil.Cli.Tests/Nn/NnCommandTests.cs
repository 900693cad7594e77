using System.Text.Json;
using Veil.Nn.Serialization;
using Veil.Nn.Zoo;

namespace Veil.Cli.Tests.Nn;

public sealed class NnCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "veil-cli-nn-" + Guid.NewGuid());

    public NnCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("eval")]
    [InlineData("eval", "--model", "lenet", "--model-file", "x.veil")]
    [InlineData("eval", "--model", "no-such-model", "--limit", "5")]
    [InlineData("eval", "--model", "../../etc/passwd")]
    [InlineData("eval", "--model-file", "/nonexistent/model.veil")]
    [InlineData("eval", "--model", "lenet", "--limit", "-3")]
    [InlineData("eval", "--model", "lenet", "--limit", "many")]
    [InlineData("eval", "--model", "lenet", "--backend", "quantum")]
    [InlineData("train", "--model", "resnet", "--out", "x.veil")]
    [InlineData("train", "--model", "mlp")]
    [InlineData("train", "--model", "mlp", "--epochs", "0", "--out", "x.veil")]
    [InlineData("train", "--model", "mlp", "--lr", "-1", "--out", "x.veil")]
    [InlineData("bench", "nn", "--model", "vgg")]
    public void MistakesAreOneLineAndExitCodeTwo(params string[] args)
    {
        CliRunner.Refused(args);
    }

    [Fact]
    public void ACorruptModelFileIsOneLineAndExitCodeTwo()
    {
        string path = Path.Combine(_directory, "corrupt.veil");
        ModelFile.Save(ModelZoo.Create("mlp", 1), path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[100] ^= 1;
        File.WriteAllBytes(path, bytes);
        var (code, _, error) = CliRunner.Run("eval", "--model-file", path, "--limit", "5");
        Assert.Equal(2, code);
        Assert.Contains("checksum", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void EvalPrintsOneJsonDocument()
    {
        string path = Path.Combine(_directory, "mlp.veil");
        ModelFile.Save(ModelZoo.Create("mlp", 1), path);
        var (code, output, error) = CliRunner.Run("eval", "--model-file", path, "--limit", "50", "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.Equal("mlp", root.GetProperty("model").GetString());
        Assert.Equal("plain", root.GetProperty("backend").GetString());
        Assert.Equal(50, root.GetProperty("images").GetInt32());
        double accuracy = root.GetProperty("accuracy").GetDouble();
        Assert.InRange(accuracy, 0, 1);
        Assert.Equal(root.GetProperty("correct").GetInt32() / 50.0, accuracy, 1e-9);
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
        Assert.Equal(root.GetProperty("seconds").GetDouble() / 50, root.GetProperty("seconds_per_image").GetDouble(), 1e-9);
    }

    [Fact]
    public void TrainWritesAModelThatEvalReads()
    {
        string path = Path.Combine(_directory, "tiny.veil");
        var (code, output, error) = CliRunner.Run("train", "--model", "mlp", "--epochs", "1", "--limit", "2000", "--seed", "5", "--out", path, "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.True(document.RootElement.GetProperty("test_accuracy").GetDouble() > 0.7);
        var model = ModelFile.Load(path);
        Assert.Equal("5", model.Properties["train.seed"]);
        Assert.Contains("--limit 2000", model.Properties["train.command"]);

        var (evalCode, evalOutput, _) = CliRunner.Run("eval", "--model-file", path, "--limit", "200", "--json");
        Assert.Equal(0, evalCode);
        using var eval = JsonDocument.Parse(evalOutput);
        Assert.True(eval.RootElement.GetProperty("accuracy").GetDouble() > 0.7);
    }

    [Fact]
    public void EvalLoadsAShippedModelByName()
    {
        var (code, output, error) = CliRunner.Run("eval", "--model", "mlp", "--limit", "200", "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.True(document.RootElement.GetProperty("accuracy").GetDouble() > 0.9);
    }
}

using System.Text.Json;

namespace Veil.Cli.Tests;

public sealed class OnnxCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-onnx-cli").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static string Run(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        Assert.True(code == 0, error);
        return output;
    }

    [Fact]
    public void Export_import_and_eval_round_trip_a_dp_model_with_its_guarantee()
    {
        Run("export", "--model", "lenet-dp3", "--onnx", PathOf("dp.onnx"));
        Assert.Contains("imported 'lenet-dp3'", Run("import", "--onnx", PathOf("dp.onnx"), "--out", PathOf("dp.veil")));
        using var fromOnnx = JsonDocument.Parse(Run("eval", "--onnx", PathOf("dp.onnx"), "--limit", "500", "--json"));
        using var fromFile = JsonDocument.Parse(Run("eval", "--model-file", PathOf("dp.veil"), "--limit", "500", "--json"));
        using var shipped = JsonDocument.Parse(Run("eval", "--model", "lenet-dp3", "--limit", "500", "--json"));
        double accuracy = shipped.RootElement.GetProperty("accuracy").GetDouble();
        Assert.Equal(accuracy, fromOnnx.RootElement.GetProperty("accuracy").GetDouble());
        Assert.Equal(accuracy, fromFile.RootElement.GetProperty("accuracy").GetDouble());
        Assert.Equal(shipped.RootElement.GetProperty("epsilon").GetDouble(), fromOnnx.RootElement.GetProperty("epsilon").GetDouble());
    }

    [Fact]
    public void He_plan_of_an_onnx_model_says_what_must_change_or_plans_it()
    {
        Run("export", "--model", "lenet", "--onnx", PathOf("lenet.onnx"));
        var (code, output, error) = CliRunner.Run("he", "plan", "--onnx", PathOf("lenet.onnx"));
        Assert.Equal(2, code);
        Assert.Contains("layer 1 (ReLU) is not a polynomial", output);
        Assert.Contains("use AvgPool2d instead", output);
        Assert.Single(error.TrimEnd().Split('\n'));

        Run("export", "--model", "cnn-he", "--onnx", PathOf("cnn-he.onnx"));
        Assert.Contains("multiplicative depth", Run("he", "plan", "--onnx", PathOf("cnn-he.onnx"), "--mode", "latency"));
    }

    [Fact]
    public void Eval_of_an_onnx_model_under_mpc_equals_the_clear()
    {
        Run("export", "--model", "mlp", "--onnx", PathOf("mlp.onnx"));
        using var secure = JsonDocument.Parse(Run("eval", "--onnx", PathOf("mlp.onnx"), "--backend", "mpc", "--limit", "50", "--json"));
        using var plain = JsonDocument.Parse(Run("eval", "--model", "mlp", "--limit", "50", "--json"));
        Assert.Equal(plain.RootElement.GetProperty("accuracy").GetDouble(), secure.RootElement.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void Bad_onnx_files_are_one_line_with_exit_code_two()
    {
        File.WriteAllText(PathOf("garbage.onnx"), "this is not protobuf at all, it is text");
        foreach (string[] args in new[]
        {
            new[] { "import", "--onnx", PathOf("garbage.onnx"), "--out", PathOf("x.veil") },
            ["eval", "--onnx", PathOf("missing.onnx")],
            ["eval", "--onnx", PathOf("garbage.onnx"), "--model", "lenet"],
        })
        {
            CliRunner.Refused(args);
        }

        Assert.False(File.Exists(PathOf("x.veil")));
    }
}

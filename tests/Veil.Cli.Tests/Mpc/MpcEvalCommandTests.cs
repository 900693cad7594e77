using System.Text.Json.Nodes;
using Veil.Mpc.Deployment;
using Veil.Mpc.Nn;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Layers;
using Veil.Nn.Serialization;
using Veil.Nn.Zoo;

namespace Veil.Cli.Tests.Mpc;

public sealed class MpcEvalCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-cli-mpc-eval").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("dealer")]
    [InlineData("he")]
    public void EvalWithTheMpcBackendRunsPartyProcessesAndMatchesPlaintext(string preprocessing)
    {
        var (code, output, error) = CliRunner.Run("eval", "--backend", "mpc", "--model", "mlp", "--limit", "20", "--preprocessing", preprocessing, "--json");
        Assert.True(code == 0, error + output);
        var secure = JsonNode.Parse(output)!;
        var (plainCode, plainOutput, _) = CliRunner.Run("eval", "--backend", "plain", "--model", "mlp", "--limit", "20", "--json");
        Assert.Equal(0, plainCode);
        var plain = JsonNode.Parse(plainOutput)!;

        Assert.Equal("mpc", secure["backend"]!.GetValue<string>());
        Assert.Equal(preprocessing, secure["preprocessing"]!.GetValue<string>());
        Assert.Equal("mlp", secure["model"]!.GetValue<string>());
        Assert.Equal(20, secure["images"]!.GetValue<int>());
        Assert.Equal(plain["correct"]!.GetValue<int>(), secure["correct"]!.GetValue<int>());
        Assert.Equal(20, secure["agrees_with_plaintext"]!.GetValue<int>());
        Assert.True(secure["accuracy"]!.GetValue<double>() >= 0.9);
        Assert.True(secure["seconds"]!.GetValue<double>() > 0);

        // One batch of 20 (two of at most 16 without a dealer): 3 matrix products, 2 ReLUs + truncations, the argmax,
        // the opening to the data owner.
        double rounds = secure["rounds"]!.GetValue<double>();
        Assert.InRange(rounds, 20, preprocessing == "dealer" ? 60 : 2 * 40);
        double bytes = secure["bytes"]!.GetValue<double>();
        Assert.InRange(bytes, 20 * 784 * 8, preprocessing == "dealer" ? 50e6 : 500e6);
    }

    [Fact]
    public void PreprocessingIsRefusedForBackendsWithoutIt() =>
        CliRunner.Refused("eval", "--backend", "plain", "--model", "mlp", "--limit", "2", "--preprocessing", "ot");

    [Fact]
    public void BenchReportsPerImageLatencyBytesAndRoundsOfABatch()
    {
        var (code, output, error) = CliRunner.Run("mpc", "bench", "--model", "mlp", "--batch", "3", "--repeat", "1", "--json");
        Assert.True(code == 0, error + output);
        var result = JsonNode.Parse(output)!;
        Assert.Equal(3, result["batch"]!.GetValue<int>());
        Assert.Equal(3, result["predictions_equal"]!.GetValue<int>());
        double online = result["latency_online_seconds"]!.GetValue<double>();
        Assert.True(online > 0 && online <= result["batch_latency_online_seconds"]!.GetValue<double>());
        Assert.True(result["latency_total_seconds"]!.GetValue<double>() > 0);
        Assert.InRange(result["rounds"]!.GetValue<long>(), 20, 60);

        // Per image: at least the input's opening in the first product, 784 words from each party.
        Assert.True(result["bytes"]!.GetValue<double>() >= 2 * 784 * 8);
    }

    [Fact]
    public void AModelWithoutASecureCounterpartIsRefusedInOneLine()
    {
        string file = Path.Combine(_directory, "cubic.veil");
        ModelFile.Save(new Sequential("cubic", MnistPreprocessing.ImageShape, new Flatten(), new Linear(784, 10), new Polynomial(0, 1, 0, 1)), file);
        var (code, _, error) = CliRunner.Run("eval", "--backend", "mpc", "--model-file", file, "--limit", "5");
        Assert.Equal(2, code);
        Assert.StartsWith("veil: ", error);
        Assert.Contains("Polynomial", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void ADataOwnerWithTheWrongInputsMakesEveryEndpointFailCleanly()
    {
        string model = Path.Combine(_directory, "mlp.veil");
        string inputs = Path.Combine(_directory, "inputs.bin");
        ModelFile.Save(ShippedModels.Load("mlp"), model);
        InputBatchFile.Write(inputs, new float[3 * 784], 3, 784);
        var job = new SecureInferenceJob(model, model, inputs, count: 5, batch: 5);
        int[] ports = Enumerable.Range(0, 3).Select(_ => LocalSession.FreeLoopbackPort()).ToArray();
        string file = SessionKeys.Create(_directory, 2, ["127.0.0.1"], ports, job.ToDescription(), overwrite: false);

        var (code, output, error) = CliRunner.Run("mpc", "run", "--config", file, "--json");
        Assert.Equal(2, code);
        Assert.Contains("holds 3 inputs", error);
        var endpoints = JsonNode.Parse(output)!["endpoints"]!.AsArray();
        Assert.All(endpoints, e => Assert.NotEqual(0, e!["exit_code"]!.GetValue<int>()));
    }
}

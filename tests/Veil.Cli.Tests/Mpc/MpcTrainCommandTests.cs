using System.Diagnostics;
using System.Text.Json.Nodes;
using Veil.Cli.Commands.Mpc;
using Veil.Mpc.Deployment;
using Veil.Mpc.Nn;
using Veil.Mpc.Nn.Training;
using Veil.Nn.Data;

namespace Veil.Cli.Tests.Mpc;

public sealed class MpcTrainCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-cli-mpc-train").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TrainRunsPartyProcessesAndTheRevealedModelLearnsLikeItsPlaintextTwin()
    {
        var (code, output, error) = CliRunner.Run("mpc", "train", "--model", "mlp", "--epochs", "1", "--batch", "128", "--limit", "2048", "--compare", "--json");
        Assert.True(code == 0, error + output);
        var result = JsonNode.Parse(output)!;
        Assert.Equal(16, result["batches"]!.GetValue<int>());
        Assert.Equal(10_000, result["test_images"]!.GetValue<int>());
        double secure = result["accuracy"]!.GetValue<double>();
        double plain = result["plaintext_accuracy"]!.GetValue<double>();
        Assert.True(secure > 0.3, $"accuracy {secure} after 16 steps");
        Assert.True(Math.Abs(secure - plain) < 0.03, $"secure {secure}, plaintext twin {plain}");

        // Per batch of 128: at least the first layer's input and weights (784 × 128 each) opened by both parties.
        Assert.True(result["batch_bytes"]!.GetValue<double>() >= 2 * 2 * 128 * 784 * 8);

        // 16 rounds forward (3 products, 2 ReLUs of 5 rounds with the dealer's radix-4 comparison, 3 truncations),
        // 7 backward, 1 for the update.
        Assert.Equal(24, result["batch_rounds"]!.GetValue<long>());
        Assert.True(result["batch_seconds"]!.GetValue<double>() > 0);
    }

    [Theory]
    [InlineData("--model", "nonet", "unknown model 'nonet'")]
    [InlineData("--model", "cnn-he", "cannot be trained under MPC")]
    [InlineData("--batch", "0", "--batch must be between 1 and 4096")]
    [InlineData("--epochs", "0", "--epochs must be between 1 and 100")]
    [InlineData("--lr", "-1", "--lr must lie in (0, 16]")]
    [InlineData("--owners", "1", "--owners must be between 2 and 8")]
    public void MistakesAreRefusedInOneLine(string option, string value, string message)
    {
        string[] args = option == "--model" ? ["mpc", "train", option, value] : ["mpc", "train", "--model", "mlp", option, value];
        Assert.Contains(message, CliRunner.Refused(args));
    }

    [Fact]
    public void ThreeDataOwnersTrainTogether()
    {
        var (code, output, error) = CliRunner.Run("mpc", "train", "--model", "mlp", "--epochs", "1", "--batch", "100", "--limit", "600", "--owners", "3", "--json");
        Assert.True(code == 0, error + output);
        var result = JsonNode.Parse(output)!;
        Assert.Equal(3, result["owners"]!.GetValue<int>());
        Assert.Equal(6, result["batches"]!.GetValue<int>());
        Assert.True(result["accuracy"]!.GetValue<double>() > 0.4, $"accuracy {result["accuracy"]} after 6 steps (measured 0.57, the plaintext twin 0.56)");
    }

    [Fact]
    public void AKilledPartyProcessDuringTrainingMakesTheOthersExitWithOneLine()
    {
        var split = HorizontalSplit.Even(4096, 2);
        MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
        var images = new string[2];
        var labels = new string[2];
        for (int owner = 0; owner < 2; owner++)
        {
            OwnerExamples part = PlaintextTwin.Mnist(train, split.Start(owner), split.Counts[owner]);
            images[owner] = Path.Combine(_directory, $"images{owner}.bin");
            labels[owner] = Path.Combine(_directory, $"labels{owner}.bin");
            InputBatchFile.Write(images[owner], part.Inputs, part.Count, part.InputSize);
            InputBatchFile.Write(labels[owner], part.Labels.Select(l => (float)l).ToArray(), part.Count, 1);
        }

        var job = new SecureTrainingJob("mlp", new SecureTrainingOptions { Epochs = 50 }, split.Counts, images, labels, 0, Path.Combine(_directory, "out.veil"));
        int[] ports = Enumerable.Range(0, 3).Select(_ => LocalSession.FreeLoopbackPort()).ToArray();
        string file = SessionKeys.Create(_directory, 2, ["127.0.0.1"], ports, job.ToDescription(), overwrite: true);
        var timeout = TimeSpan.FromSeconds(30);
        (SessionConfig.Load(file) with { ReceiveTimeout = timeout, DealerIdleTimeout = timeout, KeysDirectory = "." }).Save(file);

        var processes = new[] { "dealer", "0", "1" }
            .Select(id => Process.Start(PartyProcesses.Veil(["mpc", "party", "--config", file, "--id", id]))!)
            .ToArray();
        try
        {
            // Wait until party 1 has trained a few batches, then kill it.
            int steps = 0;
            string? line;
            do
            {
                line = processes[2].StandardError.ReadLine();
                steps += line is not null && MpcJobs.ParseProgress(line) is not null ? 1 : 0;
            }
            while (line is not null && steps < 3);
            Assert.NotNull(line);
            var clock = Stopwatch.StartNew();
            processes[2].Kill();

            foreach (var survivor in processes[..2])
            {
                Assert.True(survivor.WaitForExit(timeout), "a surviving endpoint hung");
                Assert.Equal(2, survivor.ExitCode);
                string lastError = survivor.StandardError.ReadToEnd().TrimEnd().Split('\n')[^1];
                Assert.StartsWith("veil: ", lastError);
            }

            Assert.True(clock.Elapsed < timeout / 2, $"the survivors took {clock.Elapsed} to fail");
        }
        finally
        {
            foreach (var process in processes.Where(p => !p.HasExited))
            {
                process.Kill();
            }
        }
    }
}

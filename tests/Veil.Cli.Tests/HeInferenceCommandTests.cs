using System.Text.Json;

namespace Veil.Cli.Tests;

public class HeInferenceCommandTests
{
    [Fact]
    public void PlanPrintsDepthParametersAndRotations()
    {
        var (code, output, error) = CliRunner.Run("he", "plan", "--model", "cnn-he", "--mode", "latency", "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.Equal(5, root.GetProperty("depth").GetInt32());
        Assert.Equal(8192, root.GetProperty("n").GetInt32());
        Assert.True(root.GetProperty("log_qp").GetDouble() <= root.GetProperty("log_qp_max_128_bit").GetInt32());
        Assert.True(root.GetProperty("rotation_steps").GetArrayLength() > 0);
        Assert.Equal(1, root.GetProperty("images_per_pass").GetInt32());
    }

    [Fact]
    public void ReluModelIsRefusedInOneLine()
    {
        var (code, _, error) = CliRunner.Run("he", "plan", "--model", "lenet");
        Assert.Equal(2, code);
        Assert.StartsWith("veil: ", error, StringComparison.Ordinal);
        Assert.Contains("ReLU", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void ClientAndServerRoundTripThroughFiles()
    {
        string directory = Path.Combine(Path.GetTempPath(), "veil-he-" + Guid.NewGuid().ToString("N"));
        try
        {
            string keys = Path.Combine(directory, "keys"), input = Path.Combine(directory, "in.veil"), output = Path.Combine(directory, "out.veil");
            Run("he", "keys", "--model", "cnn-he", "--mode", "latency", "--out", keys);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(keys, "secret.key")));
            }

            Run("he", "encrypt", "--keys", keys, "--test-images", "1", "--out", input);
            Run("he", "infer", "--model", "cnn-he", "--mode", "latency", "--eval-keys", Path.Combine(keys, "eval.keys"), "--in", input, "--out", output);
            string json = Run("he", "decrypt", "--keys", keys, "--in", output, "--json");
            using var document = JsonDocument.Parse(json);
            Assert.Equal(7, document.RootElement.GetProperty("predictions")[0].GetInt32()); // the first test image is a 7

            // A server in batch packing refuses an upload made for latency packing, in one line.
            var (code, _, error) = CliRunner.Run("he", "infer", "--model", "cnn-he", "--mode", "batch", "--eval-keys", Path.Combine(keys, "eval.keys"), "--in", input, "--out", output);
            Assert.Equal(2, code);
            Assert.Contains("other packing mode", error);
            Assert.Single(error.TrimEnd().Split('\n'));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Run(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        Assert.True(code == 0, error);
        return output;
    }
}

using System.Text.Json;

namespace Veil.Cli.Tests;

public class FlCommandTests
{
    [Fact]
    public void SimulateWithSecureAggregationAndDpReportsAccuracyBytesAndEpsilon()
    {
        var (code, output, error) = CliRunner.Run(
            "fl", "simulate", "--model", "mlp", "--clients", "30", "--clients-per-round", "10", "--rounds", "2", "--test-limit", "500",
            "--secagg", "--dropout", "0.2", "--dp-epsilon", "8", "--json");
        Assert.True(code == 0, error);
        using JsonDocument document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.True(root.GetProperty("secure_aggregation").GetBoolean());
        Assert.Equal(2, root.GetProperty("per_round").GetArrayLength());
        Assert.InRange(root.GetProperty("upload_ratio").GetDouble(), 1.0, 1.5);

        // The noise was chosen for ε = 8 after both rounds; the accountant's ε is at most that.
        Assert.InRange(root.GetProperty("epsilon").GetDouble(), 6.0, 8.01);
        Assert.InRange(root.GetProperty("final_accuracy").GetDouble(), 0.0, 1.0);
    }

    [Fact]
    public void ScaleMeasuresAggregationOnALocalOrleansCluster()
    {
        var (code, output, error) = CliRunner.Run("fl", "scale", "--silos", "2", "--clients", "20", "--parameters", "1000", "--rounds", "2", "--json");
        Assert.True(code == 0, error);
        using JsonDocument document = JsonDocument.Parse(output);
        Assert.Equal(2, document.RootElement.GetProperty("silos").GetInt32());
        Assert.True(document.RootElement.GetProperty("clients_per_second_median").GetDouble() > 0);
        CliRunner.Refused("fl", "scale", "--silos", "0");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    public void BenchRunsASecureRoundInProcessOrOnTheClusterAndChecksItsSum(string silos)
    {
        var (code, output, error) = CliRunner.Run("fl", "bench", "--clients", "9", "--parameters", "300", "--dropout", "0.3", "--silos", silos, "--json");
        Assert.True(code == 0, error);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("sum_exact").GetBoolean());
        Assert.Equal(2, root.GetProperty("dropped").GetInt32());
        CliRunner.Refused("fl", "bench", "--silos", "17");
    }

    [Fact]
    public void ScaleWithAStateFileKeepsTheGrainsStateInSqliteAndRefusesAnExistingFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"veil-scale-{Guid.NewGuid():N}.db");
        try
        {
            var (code, output, error) = CliRunner.Run("fl", "scale", "--clients", "8", "--parameters", "100", "--rounds", "1", "--state", path, "--json");
            Assert.True(code == 0, error);
            Assert.Equal("sqlite", JsonDocument.Parse(output).RootElement.GetProperty("storage").GetString());
            Assert.True(new FileInfo(path).Length > 0);
            CliRunner.Refused("fl", "scale", "--state", path);
        }
        finally
        {
            foreach (string suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    [Theory]
    [InlineData("--model", "nope")]
    [InlineData("--dropout", "0.5")]
    [InlineData("--clients-per-round", "200", "--clients", "100")]
    [InlineData("--secagg", "--secagg-degree", "3")]
    [InlineData("--algorithm", "fedsgd")]
    [InlineData("--dp-epsilon", "-1")]
    public void BadValuesAreOneLineAndExitCodeTwo(params string[] arguments)
    {
        CliRunner.Refused(["fl", "simulate", "--rounds", "1", .. arguments]);
    }
}

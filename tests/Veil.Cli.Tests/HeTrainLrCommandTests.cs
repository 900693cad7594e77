using System.Text.Json;

namespace Veil.Cli.Tests;

public class HeTrainLrCommandTests
{
    [Fact]
    public void Trains_on_encrypted_rows_and_reports_each_epoch()
    {
        var (code, output, error) = CliRunner.Run("he", "train-lr", "--rows", "120", "--epochs", "2", "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.Equal(120, root.GetProperty("rows").GetInt32());
        Assert.Equal(2, root.GetProperty("epochs").GetArrayLength());
        foreach (JsonElement epoch in root.GetProperty("epochs").EnumerateArray())
        {
            Assert.True(epoch.GetProperty("server_seconds").GetDouble() > 0);
            Assert.InRange(epoch.GetProperty("max_difference_from_plaintext").GetDouble(), 0, 2e-4);
        }

        Assert.InRange(root.GetProperty("test_accuracy").GetDouble(), 0.9, 1.0);
        Assert.True(root.GetProperty("data_upload_bytes").GetInt64() > 0);
    }

    [Theory]
    [InlineData("--rows", "5000")]
    [InlineData("--digits", "1,1")]
    [InlineData("--epochs", "0")]
    public void Mistakes_are_one_line_with_exit_code_two(params string[] arguments)
    {
        CliRunner.Refused(["he", "train-lr", .. arguments]);
    }
}

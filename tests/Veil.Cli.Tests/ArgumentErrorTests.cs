using System.Text.Json;

namespace Veil.Cli.Tests;

public class ArgumentErrorTests
{
    [Theory]
    [InlineData("no-such-command")]
    [InlineData("version", "--bogus")]
    public void AnArgumentMistakeIsOneLineAndExitCodeTwo(params string[] args)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("veil: ", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void VersionPrintsJson()
    {
        var (code, output, _) = CliRunner.Run("version", "--json");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("veil").GetString()));
    }
}

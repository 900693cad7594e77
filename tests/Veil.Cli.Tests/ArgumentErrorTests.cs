using System.Text.Json;

namespace Veil.Cli.Tests;

public class ArgumentErrorTests
{
    [Theory]
    [InlineData("no-such-command")]
    [InlineData("version", "--bogus")]
    public void AnArgumentMistakeIsOneLineAndExitCodeTwo(params string[] args)
    {
        CliRunner.Refused(args);
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

namespace Veil.Cli.Tests;

/// <summary>Runs the whole <c>veil</c> command in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = VeilApp.Run(args, new CliContext(output, error, interactive: false));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs a command that must be refused as a user's mistake: exit code 2 and one line on standard error,
    /// starting "veil: ", with no stack trace. Returns that line.</summary>
    public static string Refused(params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.True(code == 2, $"exit code {code}, error: {error}");
        Assert.StartsWith("veil: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        return error;
    }
}

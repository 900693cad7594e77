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
}

using System.CommandLine;

namespace Veil.Cli.Commands.Privacy;

/// <summary><c>veil privacy</c>: differential-privacy accounting for DP-SGD.</summary>
internal static class PrivacyCommand
{
    public static Command Create(CliContext context) => new("privacy", "Differential-privacy accounting for DP-SGD: epsilon spent, noise needed.")
    {
        PrivacyEpsilonCommand.Create(context),
        PrivacyNoiseCommand.Create(context),
    };
}

using System.CommandLine;

namespace Veil.Cli.Commands.Privacy;

/// <summary>Adds the differential-privacy commands to the root: <c>privacy</c> (accounting) and <c>bench dp</c>.
/// Private training itself is <c>veil train --dp-epsilon</c> (<see cref="PrivateTrainOptions"/>).</summary>
internal static class PrivacyCommands
{
    public static void Register(RootCommand root, CliContext context)
    {
        root.Subcommands.Add(PrivacyCommand.Create(context));
        BenchCommand.Of(root).Subcommands.Add(BenchDpCommand.Create(context));
    }
}

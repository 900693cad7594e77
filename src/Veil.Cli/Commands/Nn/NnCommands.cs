using System.CommandLine;

namespace Veil.Cli.Commands.Nn;

/// <summary>Adds the neural-network commands to the root: <c>train</c>, <c>eval</c>, <c>demo</c>, and <c>bench nn</c>.</summary>
internal static class NnCommands
{
    public static void Register(RootCommand root, CliContext context)
    {
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(EvalCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        BenchCommand.Of(root).Subcommands.Add(BenchNnCommand.Create(context));
    }
}

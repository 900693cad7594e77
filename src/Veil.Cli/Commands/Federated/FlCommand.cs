using System.CommandLine;

namespace Veil.Cli.Commands.Federated;

/// <summary><c>veil fl</c>: federated learning.</summary>
internal static class FlCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("fl", "Federated learning: many clients train one model without sending their data.");
        command.Subcommands.Add(FlSimulateCommand.Create(context));
        command.Subcommands.Add(FlBenchCommand.Create(context));
        command.Subcommands.Add(FlScaleCommand.Create(context));
        foreach (Command process in FlProcessCommands.Create(context))
        {
            command.Subcommands.Add(process);
        }

        return command;
    }
}

using System.CommandLine;

namespace Veil.Cli.Commands.Mpc;

/// <summary><c>veil mpc</c>: secure multi-party computation deployments, party processes and benchmarks.</summary>
internal static class MpcCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("mpc", "Secure multi-party computation: keys and parties files, party processes, self-test and benchmarks.");
        command.Subcommands.Add(MpcKeysCommand.Create(context));
        command.Subcommands.Add(MpcPartyCommand.Create(context));
        command.Subcommands.Add(MpcRunCommand.Create(context));
        command.Subcommands.Add(MpcSelfTestCommand.Create(context));
        command.Subcommands.Add(MpcBenchOpsCommand.Create(context));
        command.Subcommands.Add(MpcBenchCommand.Create(context));
        command.Subcommands.Add(MpcTrainCommand.Create(context));
        return command;
    }

    /// <summary>Throws a usage error unless <paramref name="value"/> lies in [min, max].</summary>
    public static int InRange(int value, int min, int max, string option) =>
        value >= min && value <= max ? value : throw new CliUsageException($"{option} must be between {min} and {max}, not {value}.");
}

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

    /// <summary>The <c>--preprocessing dealer|ot|he</c> option.</summary>
    public static Option<string> PreprocessingOption() => new("--preprocessing")
    {
        Description = "Where the correlations come from: dealer (a trusted third process), ot (the two parties by oblivious transfer) or he (matrix products by the parties' own homomorphic encryption, the rest by oblivious transfer).",
        DefaultValueFactory = _ => "dealer",
        HelpName = "dealer|ot|he",
    };

    /// <summary>The kind an option value names.</summary>
    /// <exception cref="CliUsageException">It names none.</exception>
    public static Veil.Mpc.Deployment.PreprocessingKind Preprocessing(string? value)
    {
        try
        {
            return Veil.Mpc.Deployment.PreprocessingKinds.Parse(value ?? "dealer");
        }
        catch (ArgumentException)
        {
            throw new CliUsageException($"--preprocessing must be dealer, ot or he, not '{value}'.");
        }
    }

    /// <summary>The endpoints of a session of <paramref name="parties"/> parties with <paramref name="kind"/>
    /// preprocessing (one more for the dealer).</summary>
    /// <exception cref="CliUsageException">Dealer-free preprocessing with other than two parties.</exception>
    public static int Endpoints(Veil.Mpc.Deployment.PreprocessingKind kind, int parties) =>
        kind == Veil.Mpc.Deployment.PreprocessingKind.Dealer || parties == 2
            ? Veil.Mpc.Deployment.PreprocessingKinds.Endpoints(kind, parties)
            : throw new CliUsageException($"--preprocessing {Veil.Mpc.Deployment.PreprocessingKinds.Name(kind)} is for two parties, not {parties}.");

    /// <summary>Throws a usage error unless <paramref name="value"/> lies in [min, max].</summary>
    public static int InRange(int value, int min, int max, string option) =>
        value >= min && value <= max ? value : throw new CliUsageException($"{option} must be between {min} and {max}, not {value}.");
}

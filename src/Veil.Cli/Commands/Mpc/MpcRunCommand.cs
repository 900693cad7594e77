using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Veil.Cli.Output;
using Veil.Mpc.Deployment;

namespace Veil.Cli.Commands.Mpc;

/// <summary><c>veil mpc run</c>: every endpoint of a local parties file as its own process.</summary>
internal static class MpcRunCommand
{
    public static Command Create(CliContext context)
    {
        var config = new Option<string>("--config", "-c") { Description = "The parties file (every endpoint on this machine).", Required = true, HelpName = "FILE" };
        var json = CommonOptions.Json();
        var command = new Command("run", "Start every party and the dealer of a parties file as separate processes on this machine and wait for them.") { config, json };
        command.SetAction(parse =>
        {
            string file = Path.GetFullPath(parse.GetValue(config)!);
            SessionConfig session = SessionConfig.Load(file);
            var remote = session.Endpoints.FirstOrDefault(e => !IsLocal(e.Host));
            if (remote is not null)
            {
                throw new CliUsageException($"{remote.Name} is on {remote.Host}; 'veil mpc run' starts every endpoint here. Run 'veil mpc party' on each host instead.");
            }

            var clock = Stopwatch.StartNew();
            return Report(context, PartyProcesses.RunAll(file, session, Limit(session)), parse.GetValue(json), clock);
        });
        return command;
    }

    /// <summary>How long a local session may take: the connect timeout plus a generous allowance for the job.</summary>
    public static TimeSpan Limit(SessionConfig session) => session.ConnectTimeout + TimeSpan.FromMinutes(30);

    /// <summary>Prints the endpoints' reports and returns the exit code: success only if every endpoint succeeded.</summary>
    public static int Report(CliContext context, IReadOnlyList<EndpointProcess> runs, bool json, Stopwatch clock)
    {
        JsonObject summary = PartyProcesses.Summarize(runs, clock.Elapsed);
        if (json)
        {
            JsonOutput.Write(context.Out, summary);
        }
        else
        {
            foreach (var run in runs)
            {
                if (run.Report is { } report)
                {
                    report["name"] = run.Name;
                    context.Out.WriteLine(MpcPartyCommand.Describe(report));
                }
                else
                {
                    context.Out.WriteLine($"{run.Name}: failed: {run.ErrorLine}");
                }
            }
        }

        var failed = runs.FirstOrDefault(r => r.Process.ExitCode != 0);
        if (failed is not null)
        {
            context.Error.WriteLine($"veil: {failed.Name} failed: {failed.ErrorLine.Replace("veil: ", "", StringComparison.Ordinal)}");
            return ExitCodes.UserError;
        }

        return ExitCodes.Success;
    }

    private static bool IsLocal(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Veil.Cli.Output;
using Veil.Mpc.Deployment;

namespace Veil.Cli.Commands.Mpc;

/// <summary><c>veil mpc party</c>: runs one endpoint (a party or the dealer) of a session as this process.</summary>
internal static class MpcPartyCommand
{
    public static Command Create(CliContext context)
    {
        var config = new Option<string>("--config", "-c") { Description = "The parties file.", HelpName = "FILE" };
        var stdio = new Option<bool>("--stdio")
        {
            Description = "Started by a parent veil process: make the key in memory, print its pin, read the session (and, as a serving data owner, batches) from standard input.",
            Hidden = true,
        };
        var id = new Option<string>("--id") { Description = "This endpoint: a party id (0, 1, ...) or 'dealer'.", Required = true, HelpName = "I" };
        var json = CommonOptions.Json();
        var command = new Command("party", "Run one party (or the dealer) of the session in a parties file, until the job is done.") { config, id, json, stdio };
        command.SetAction(parse =>
        {
            if (parse.GetValue(stdio))
            {
                return StdioParty.Run(context, Console.In, parse.GetValue(id)!, status => context.Error.WriteLine($"veil mpc: {parse.GetValue(id)} {status}"));
            }

            if (parse.GetValue(config) is null)
            {
                throw new CliUsageException("--config is required: the parties file of the session.");
            }

            SessionConfig session = SessionConfig.Load(parse.GetValue(config)!);
            int endpoint = ParseEndpoint(session, parse.GetValue(id)!);
            string name = session.Endpoints[endpoint].Name;
            JsonObject result = PartyRunner.Run(session, endpoint, MpcJobs.Create(context.Error), status => context.Error.WriteLine($"veil mpc: {name} {status}"));
            result["name"] = name;
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, result);
            }
            else
            {
                context.Out.WriteLine(Describe(result));
            }

            if (result["ok"] is { } ok && !ok.GetValue<bool>())
            {
                context.Error.WriteLine($"veil: {name}: the job's results do not match plaintext ({result["failures"]} mismatches).");
                return ExitCodes.InternalError;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One line about an endpoint's report.</summary>
    public static string Describe(JsonObject result)
    {
        string name = result["name"]?.GetValue<string>() ?? "?";
        if (result["role"]?.GetValue<string>() == "dealer")
        {
            return $"{name}: served {result["requests"]} requests, {Bytes(result["bytes_sent"]!.GetValue<long>())} of corrections, {result["seconds"]!.GetValue<double>():F2} s";
        }

        string verdict = result["ok"] is { } ok ? (ok.GetValue<bool>() ? "ok" : "MISMATCH") : "done";
        return $"{name}: {verdict}, {result["rounds"]} rounds, sent {Bytes(result["bytes_sent"]?.GetValue<long>() ?? 0)}, "
            + $"{Bytes(result["dealer_bytes"]?.GetValue<long>() ?? 0)} with the dealer, {result["seconds"]?.GetValue<double>() ?? 0:F2} s";
    }

    /// <summary>A byte count in the largest fitting unit.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 10_000 => $"{bytes} B",
        < 10_000_000 => $"{bytes / 1e3:F1} kB",
        _ => $"{bytes / 1e6:F2} MB",
    };

    private static int ParseEndpoint(SessionConfig session, string value)
    {
        try
        {
            return session.ParseEndpoint(value);
        }
        catch (ArgumentException)
        {
            throw new CliUsageException($"--id must be a party id 0 .. {session.Parties - 1} or 'dealer', not '{value}'.");
        }
    }
}

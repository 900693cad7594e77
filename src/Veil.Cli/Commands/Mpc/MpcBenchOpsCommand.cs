using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Output;

namespace Veil.Cli.Commands.Mpc;

/// <summary><c>veil mpc bench-ops</c>: latency, bytes and rounds of each protocol over loopback TLS.</summary>
internal static class MpcBenchOpsCommand
{
    public static Command Create(CliContext context)
    {
        var parties = new Option<int>("--parties", "-n") { Description = "Compute parties (a dealer is added).", DefaultValueFactory = _ => 2, HelpName = "N" };
        var transport = new Option<string>("--transport") { Description = "tls (loopback TCP with TLS 1.3) or inprocess.", DefaultValueFactory = _ => "tls" };
        transport.AcceptOnlyFromAmong("tls", "inprocess");
        var repeat = new Option<int>("--repeat", "-r") { Description = "Repetitions per operation (the median is reported).", DefaultValueFactory = _ => 5, HelpName = "R" };
        var ops = new Option<string?>("--ops") { Description = "Operations to measure, comma-separated (default: all).", HelpName = "NAMES" };
        var json = CommonOptions.Json();
        var command = new Command("bench-ops", "Measure each protocol's latency (online, preprocessing, on demand), bytes and rounds over loopback, two parties and a dealer by default.")
        {
            parties, transport, repeat, ops, json,
        };
        command.SetAction(parse =>
        {
            int n = MpcCommand.InRange(parse.GetValue(parties), 2, 8, "--parties");
            int r = MpcCommand.InRange(parse.GetValue(repeat), 1, 1000, "--repeat");
            var cases = OpsBenchmark.Cases;
            if (parse.GetValue(ops) is { } names)
            {
                var wanted = names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var unknown = wanted.Except(cases.Select(c => c.Name), StringComparer.OrdinalIgnoreCase).ToList();
                if (unknown.Count > 0)
                {
                    throw new CliUsageException($"Unknown operation '{unknown[0]}'; known: {string.Join(", ", cases.Select(c => c.Name).Distinct())}.");
                }

                cases = cases.Where(c => wanted.Contains(c.Name)).ToList();
            }

            bool tls = parse.GetValue(transport) == "tls";
            var results = OpsBenchmark.Run(cases, n, tls, r);
            if (parse.GetValue(json))
            {
                var list = new JsonArray();
                foreach (var result in results)
                {
                    list.Add(new JsonObject
                    {
                        ["op"] = result.Name,
                        ["size"] = result.Size,
                        ["online_ms"] = result.OnlineMs,
                        ["preprocessing_ms"] = result.PreprocessingMs,
                        ["on_demand_ms"] = result.OnDemandMs,
                        ["rounds"] = result.Rounds,
                        ["bytes_sent_per_party"] = result.BytesSent,
                        ["dealer_bytes"] = result.DealerBytes,
                    });
                }

                JsonOutput.Write(context.Out, new JsonObject
                {
                    ["parties"] = n,
                    ["transport"] = tls ? "tls" : "inprocess",
                    ["repeat"] = r,
                    ["machine"] = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}",
                    ["ops"] = list,
                });
            }
            else
            {
                var table = new Table().AddColumns("Op", "Size", "Online ms", "Preproc. ms", "On demand ms", "Rounds", "Sent / party", "Dealer bytes");
                foreach (var result in results)
                {
                    table.AddRow(result.Name, result.Size, $"{result.OnlineMs:F2}", $"{result.PreprocessingMs:F2}", $"{result.OnDemandMs:F2}",
                        $"{result.Rounds}", MpcPartyCommand.Bytes(result.BytesSent), MpcPartyCommand.Bytes(result.DealerBytes));
                }

                context.Terminal.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Veil.Cli.Output;
using Veil.Mpc.Deployment;

namespace Veil.Cli.Commands.Mpc;

/// <summary><c>veil mpc keys</c>: certificates for every endpoint and the parties file that pins them.</summary>
internal static class MpcKeysCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out", "-o") { Description = "The directory to write the keys and parties.json into.", Required = true, HelpName = "DIR" };
        var parties = new Option<int>("--parties", "-n") { Description = "Compute parties (a dealer is added).", DefaultValueFactory = _ => 2, HelpName = "N" };
        var hosts = new Option<string>("--hosts")
        {
            Description = "One host for all endpoints, or one per endpoint separated by commas: the parties, then the dealer.",
            DefaultValueFactory = _ => "127.0.0.1",
            HelpName = "H1,H2,...",
        };
        var basePort = new Option<int>("--base-port") { Description = "Endpoint i listens on this port plus i.", DefaultValueFactory = _ => 47100, HelpName = "P" };
        var preprocessing = MpcCommand.PreprocessingOption();
        var force = new Option<bool>("--force") { Description = "Replace an existing session's keys." };
        var json = CommonOptions.Json();
        var command = new Command("keys", "Write a self-signed ECDSA P-256 certificate per party and for the dealer (if the session has one), and a parties file pinning them.")
        {
            output, parties, hosts, basePort, preprocessing, force, json,
        };
        command.SetAction(parse =>
        {
            int n = MpcCommand.InRange(parse.GetValue(parties), 2, 63, "--parties");
            int port = MpcCommand.InRange(parse.GetValue(basePort), 1, 65535 - n, "--base-port");
            PreprocessingKind source = MpcCommand.Preprocessing(parse.GetValue(preprocessing));
            int endpointCount = MpcCommand.Endpoints(source, n);
            string[] hostList = parse.GetValue(hosts)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (hostList.Length != 1 && hostList.Length != endpointCount)
            {
                throw new CliUsageException(source == PreprocessingKind.Dealer
                    ? $"--hosts names {hostList.Length} hosts; give one, or {endpointCount} (the parties, then the dealer)."
                    : $"--hosts names {hostList.Length} hosts; give one, or {endpointCount} (the parties).");
            }

            var job = new JsonObject { ["kind"] = SelfTestJob.Kind, ["elements"] = 4096 };
            string file = SessionKeys.Create(parse.GetValue(output)!, n, hostList, Enumerable.Range(port, endpointCount).ToArray(), job, parse.GetValue(force), source);
            var config = SessionConfig.Load(file);
            if (parse.GetValue(json))
            {
                var endpoints = new JsonArray();
                foreach (var endpoint in config.Endpoints)
                {
                    endpoints.Add(new JsonObject
                    {
                        ["id"] = endpoint.Id,
                        ["name"] = endpoint.Name,
                        ["address"] = $"{endpoint.Host}:{endpoint.Port}",
                        ["key"] = config.CertificatePath(endpoint.Id),
                        ["certificate_sha256"] = endpoint.CertificateSha256,
                    });
                }

                JsonOutput.Write(context.Out, new JsonObject { ["parties_file"] = file, ["parties"] = n, ["endpoints"] = endpoints });
            }
            else
            {
                context.Out.WriteLine($"Wrote {file}: {n} parties and a dealer.");
                foreach (var endpoint in config.Endpoints)
                {
                    context.Out.WriteLine($"  {endpoint.Name,-8} {endpoint.Host}:{endpoint.Port}  key {endpoint.Name}.pfx  sha256 {endpoint.CertificateSha256[..16]}...");
                }

                context.Out.WriteLine("Give every host the parties file and its own .pfx; start each with 'veil mpc party --config parties.json --id I'.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

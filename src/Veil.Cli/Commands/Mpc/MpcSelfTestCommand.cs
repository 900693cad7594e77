using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Veil.Mpc.Deployment;

namespace Veil.Cli.Commands.Mpc;

/// <summary><c>veil mpc selftest</c>: fresh keys, then the self-test job with every party and the dealer as processes over loopback TLS.</summary>
internal static class MpcSelfTestCommand
{
    public static Command Create(CliContext context)
    {
        var parties = new Option<int>("--parties", "-n") { Description = "Compute parties (a dealer is added).", DefaultValueFactory = _ => 2, HelpName = "N" };
        var elements = new Option<int>("--elements") { Description = "Vector length of the self-test.", DefaultValueFactory = _ => 4096, HelpName = "E" };
        var preprocessing = MpcCommand.PreprocessingOption();
        var json = CommonOptions.Json();
        var command = new Command("selftest", "Check the whole stack: keys, party processes over mutually authenticated TLS, the dealer and the protocols against plaintext.")
        {
            parties, elements, preprocessing, json,
        };
        command.SetAction(parse =>
        {
            int n = MpcCommand.InRange(parse.GetValue(parties), 2, 8, "--parties");
            int size = MpcCommand.InRange(parse.GetValue(elements), 10, 1 << 20, "--elements");
            PreprocessingKind source = MpcCommand.Preprocessing(parse.GetValue(preprocessing));
            int endpoints = MpcCommand.Endpoints(source, n);

            var clock = Stopwatch.StartNew();
            var directory = Directory.CreateTempSubdirectory("veil-mpc-selftest");
            try
            {
                int[] ports = Enumerable.Range(0, endpoints).Select(_ => LocalSession.FreeLoopbackPort()).ToArray();
                string file = SessionKeys.Create(directory.FullName, n, ["127.0.0.1"], ports,
                    new JsonObject { ["kind"] = SelfTestJob.Kind, ["elements"] = size }, overwrite: false, source);
                SessionConfig session = SessionConfig.Load(file);
                return MpcRunCommand.Report(context, PartyProcesses.RunAll(file, session, MpcRunCommand.Limit(session)), parse.GetValue(json), clock);
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        });
        return command;
    }
}

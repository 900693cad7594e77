using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Output;

namespace Veil.Cli.Commands.He;

/// <summary><c>veil he</c>: homomorphic encryption (CKKS).</summary>
internal static class HeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("he", "Homomorphic encryption: full-RNS CKKS.");
        command.Subcommands.Add(CreateBench(context));
        foreach (Command inference in HeInferenceCommands.Create(context))
        {
            command.Subcommands.Add(inference);
        }
        return command;
    }

    private static Command CreateBench(CliContext context)
    {
        var n = new Option<int>("--n") { Description = "Ring degree: 8192 (218-bit modulus) or 16384 (438-bit), SEAL's defaults.", DefaultValueFactory = _ => 8192 };
        var budget = new Option<int>("--budget-ms") { Description = "Time spent measuring each operation, in milliseconds.", DefaultValueFactory = _ => 400 };
        var json = CommonOptions.Json();
        var command = new Command("bench", "Time each CKKS operation (median of repeated single-threaded runs, microseconds).") { n, budget, json };
        command.SetAction(parse =>
        {
            int degree = parse.GetValue(n);
            if (degree is not (8192 or 16384))
            {
                throw new CliUsageException($"--n must be 8192 or 16384, not {degree}.");
            }

            int milliseconds = parse.GetValue(budget);
            if (milliseconds is < 1 or > 60_000)
            {
                throw new CliUsageException($"--budget-ms must be between 1 and 60000, not {milliseconds}.");
            }

            var benchmark = new HeBenchmark(degree == 8192 ? 13 : 14);
            var results = new JsonObject();
            foreach (string operation in HeBenchmark.Operations)
            {
                context.Error.WriteLine($"veil he bench: {operation}...");
                results[operation] = Math.Round(benchmark.Measure(operation, TimeSpan.FromMilliseconds(milliseconds)), 2);
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, results);
            }
            else
            {
                var table = new Table().AddColumn("operation").AddColumn(new TableColumn("µs (median)").RightAligned());
                foreach (var (operation, value) in results)
                {
                    table.AddRow(operation, value!.ToString());
                }

                context.Terminal.Write(new Text($"CKKS, {benchmark.Parameters}, single thread\n"));
                context.Terminal.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Output;

namespace Veil.Cli.Commands.He;

/// <summary><c>veil he</c>: homomorphic encryption (CKKS, Paillier).</summary>
internal static class HeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("he", "Homomorphic encryption: full-RNS CKKS.");
        command.Subcommands.Add(CreateBench(context));
        command.Subcommands.Add(HeTrainLrCommand.Create(context));
        foreach (Command inference in HeInferenceCommands.Create(context))
        {
            command.Subcommands.Add(inference);
        }
        return command;
    }

    private static Command CreateBench(CliContext context)
    {
        var scheme = new Option<string>("--scheme") { Description = "ckks, bfv or paillier.", DefaultValueFactory = _ => "ckks" };
        var n = new Option<int>("--n") { Description = "Ring degree: 8192 (218-bit modulus) or 16384 (438-bit), SEAL's defaults; BFV also 4096 (109-bit).", DefaultValueFactory = _ => 8192 };
        var bits = new Option<int>("--bits") { Description = "Paillier modulus bits: 2048 (112-bit security) or 3072 (128-bit).", DefaultValueFactory = _ => 3072 };
        var budget = new Option<int>("--budget-ms") { Description = "Time spent measuring each operation, in milliseconds.", DefaultValueFactory = _ => 400 };
        var json = CommonOptions.Json();
        var command = new Command("bench", "Time each operation of a scheme (median of repeated single-threaded runs, microseconds).") { scheme, n, bits, budget, json };
        command.SetAction(parse =>
        {
            int milliseconds = parse.GetValue(budget);
            if (milliseconds is < 1 or > 60_000)
            {
                throw new CliUsageException($"--budget-ms must be between 1 and 60000, not {milliseconds}.");
            }

            ISchemeBenchmark benchmark = CreateBenchmark(parse.GetValue(scheme)!, parse.GetValue(n), parse.GetValue(bits));
            var results = new JsonObject();
            foreach (string operation in benchmark.Operations)
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

                context.Terminal.Write(new Text(benchmark.Description + "\n"));
                context.Terminal.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static ISchemeBenchmark CreateBenchmark(string scheme, int degree, int modulusBits) => scheme switch
    {
        "ckks" when degree is 8192 or 16384 => new HeBenchmark(degree == 8192 ? 13 : 14),
        "ckks" => throw new CliUsageException($"--n must be 8192 or 16384, not {degree}."),
        "bfv" when degree is 4096 or 8192 or 16384 => new BfvBenchmark(int.Log2(degree)),
        "bfv" => throw new CliUsageException($"--n must be 4096, 8192 or 16384, not {degree}."),
        "paillier" when modulusBits is 2048 or 3072 => new PaillierBenchmark(modulusBits),
        "paillier" => throw new CliUsageException($"--bits must be 2048 or 3072, not {modulusBits}."),
        _ => throw new CliUsageException($"--scheme must be ckks, bfv or paillier, not '{scheme}'."),
    };
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Commands.Nn;
using Veil.Cli.Output;
using Veil.Nn.Data;
using Veil.Nn.Zoo;

namespace Veil.Cli.Commands.Privacy;

/// <summary><c>veil bench dp</c>: the cost of a DP-SGD epoch against a non-private epoch of the same model, batch size
/// and optimizer, measured alternately in one process (<see cref="DpBenchmark"/>).</summary>
internal static class BenchDpCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string[]>("--model", "-m") { Description = "Architectures to measure (default: lenet and mlp).", HelpName = "NAME", AllowMultipleArgumentsPerToken = true };
        NnOptions.OneOf(model, [.. ModelZoo.Names], "architecture");
        var batch = new Option<int[]>("--batch") { Description = "Batch sizes (expected batch sizes for DP-SGD; default: 256 and 2048).", HelpName = "B", AllowMultipleArgumentsPerToken = true };
        var images = new Option<int>("--images") { Description = "Training images per timed epoch (times are scaled to 60,000).", DefaultValueFactory = _ => 12_000, HelpName = "N" };
        var repeat = new Option<int>("--repeat") { Description = "Timed pairs of epochs per setting (medians are reported).", DefaultValueFactory = _ => 3, HelpName = "R" };
        var json = CommonOptions.Json();
        var command = new Command("dp", "Measure a DP-SGD epoch against a non-private epoch of the same model and batch size.") { model, batch, images, repeat, json };
        command.SetAction(parse =>
        {
            string[] names = parse.GetValue(model) is { Length: > 0 } chosen ? chosen : ["lenet", "mlp"];
            int[] batches = parse.GetValue(batch) is { Length: > 0 } given ? given : [256, 2048];
            int count = NnOptions.AtLeast(parse.GetValue(images), 1, "--images");
            int repetitions = NnOptions.AtLeast(parse.GetValue(repeat), 1, "--repeat");
            foreach (int b in batches)
            {
                NnOptions.AtLeast(b, 1, "--batch");
                if (b > count)
                {
                    throw new CliUsageException($"--batch {b} exceeds --images {count}.");
                }
            }

            MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
            var settings = names.SelectMany(n => batches.Select(b => (Name: n, Batch: b))).ToList();
            var figures = ProgressDisplay.Run(context, "benchmark", report =>
            {
                var list = new List<DpBenchmark.Figures>();
                foreach (var (name, b) in settings)
                {
                    report(list.Count, settings.Count, $"{name}, batch {b}");
                    list.Add(DpBenchmark.Measure(ModelZoo.Get(name), train, b, count, repetitions));
                }

                return list;
            });

            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (DpBenchmark.Figures f in figures)
                {
                    array.Add(new JsonObject
                    {
                        ["model"] = f.Model,
                        ["batch"] = f.Batch,
                        ["images_timed"] = f.Images,
                        ["repeats"] = f.Repeats,
                        ["plain_epoch_seconds_60k"] = f.PlainEpochSeconds,
                        ["dp_epoch_seconds_60k"] = f.PrivateEpochSeconds,
                        ["ratio"] = f.Ratio,
                        ["ratios"] = new JsonArray([.. f.Ratios.Select(r => JsonValue.Create(r))]),
                    });
                }

                JsonOutput.Write(context.Out, new JsonObject { ["cores"] = Environment.ProcessorCount, ["settings"] = array });
            }
            else
            {
                var table = new Table().AddColumns("Model", "Batch", "Plain epoch (60k) s", "DP-SGD epoch (60k) s", "Ratio (median)", "Ratios");
                foreach (DpBenchmark.Figures f in figures)
                {
                    table.AddRow(f.Model, $"{f.Batch}", $"{f.PlainEpochSeconds:F2}", $"{f.PrivateEpochSeconds:F2}", $"{f.Ratio:F2}", string.Join(" ", f.Ratios.Select(r => $"{r:F2}")));
                }

                context.Terminal.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

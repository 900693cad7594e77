using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Output;
using Veil.Nn.Data;
using Veil.Nn.Zoo;

namespace Veil.Cli.Commands.Nn;

/// <summary><c>veil bench nn</c>: plaintext inference and training speed of the zoo, GEMM throughput against the
/// machine's measured FMA peak, and the process's peak memory.</summary>
internal static class BenchNnCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string[]>("--model", "-m") { Description = "Architectures to measure (default: all).", HelpName = "NAME", AllowMultipleArgumentsPerToken = true };
        NnOptions.OneOf(model, [.. ModelZoo.Names], "architecture");
        var trainImages = new Option<int>("--train-images")
        {
            Description = "Training images to time (the epoch time is scaled to 60,000); 0 skips training.",
            DefaultValueFactory = _ => 60_000,
            HelpName = "N",
        };
        var json = CommonOptions.Json();
        var command = new Command("nn", "Measure plaintext inference (batch 1 and 1000) and training speed of the model zoo.") { model, trainImages, json };
        command.SetAction(parse =>
        {
            int images = NnOptions.AtLeast(parse.GetValue(trainImages), 0, "--train-images");
            string[] names = parse.GetValue(model) is { Length: > 0 } chosen ? chosen : [.. ModelZoo.Names];
            MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
            MnistDataset test = MnistDataset.LoadEmbedded(MnistSplit.Test);
            var figures = ProgressDisplay.Run(context, "benchmark", report =>
            {
                var list = new List<NnBenchmark.ModelFigures>();
                foreach (string name in names)
                {
                    list.Add(NnBenchmark.Measure(ModelZoo.Get(name), train, test, images, text => report(list.Count, names.Length, text)));
                }

                report(names.Length, names.Length + 1, "GEMM and FMA peak");
                return list;
            });
            double gemm = NnBenchmark.GemmGflops(1024);
            double peak = NnBenchmark.PeakGflops();
            double peakMemory = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);

            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var f in figures)
                {
                    array.Add(new JsonObject
                    {
                        ["model"] = f.Model,
                        ["batch1_images_per_second"] = f.Batch1ImagesPerSecond,
                        ["batch1000_images_per_second"] = f.Batch1000ImagesPerSecond,
                        ["inference_gflops"] = f.InferenceGflops,
                        ["epoch_seconds_60k"] = f.EpochSeconds,
                        ["train_images_timed"] = f.TrainImages,
                        ["training_gflops"] = f.TrainingGflops,
                        ["batch1000_images_per_cpu_second"] = f.Batch1000ImagesPerCpuSecond,
                        ["epoch_cpu_seconds_60k"] = f.EpochCpuSeconds,
                    });
                }

                JsonOutput.Write(context.Out, new JsonObject
                {
                    ["cores"] = Environment.ProcessorCount,
                    ["gemm_1024_gflops"] = gemm,
                    ["measured_fma_peak_gflops"] = peak,
                    ["peak_working_set_mib"] = peakMemory,
                    ["models"] = array,
                });
            }
            else
            {
                var table = new Table().AddColumns("Model", "Batch 1 img/s", "Batch 1000 img/s", "Inference GFLOP/s", "img per CPU-s", "Epoch (60k) s", "Epoch CPU-s", "Training GFLOP/s");
                foreach (var f in figures)
                {
                    table.AddRow(f.Model, $"{f.Batch1ImagesPerSecond:N0}", $"{f.Batch1000ImagesPerSecond:N0}", $"{f.InferenceGflops:F1}", $"{f.Batch1000ImagesPerCpuSecond:N0}",
                        f.TrainImages == 0 ? "-" : $"{f.EpochSeconds:F1}", f.TrainImages == 0 ? "-" : $"{f.EpochCpuSeconds:F1}", f.TrainImages == 0 ? "-" : $"{f.TrainingGflops:F1}");
                }

                context.Terminal.Write(table);
                context.Out.WriteLine($"GEMM 1024x1024x1024: {gemm:F1} GFLOP/s; measured FMA peak ({Environment.ProcessorCount} cores): {peak:F1} GFLOP/s; peak working set {peakMemory:F0} MiB");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Commands.Nn;
using Veil.Cli.Output;
using Veil.Mpc.Deployment;
using Veil.Mpc.Nn.Training;
using Veil.Mpc.Transport;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Zoo;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// <c>veil mpc train --model mlp --epochs E --batch B [--limit N] [--owners 2]</c>: secure training on MNIST with
/// data owners (two by default) each holding an equal share of the training images, as party processes with a dealer
/// over loopback TLS (as <c>veil mpc bench</c> runs them); the trained model is opened to party 0 only and then
/// evaluated here on the 10,000 test images.
/// </summary>
internal static class MpcTrainCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "The architecture to train: a zoo model made of linear layers and ReLUs (mlp).", Required = true, HelpName = "NAME" };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training images.", DefaultValueFactory = _ => 5, HelpName = "E" };
        var batch = new Option<int>("--batch") { Description = "Examples per SGD step (public).", DefaultValueFactory = _ => 128, HelpName = "B" };
        var rate = new Option<double>("--lr") { Description = "Learning rate of plain SGD on the batch-mean squared error.", DefaultValueFactory = _ => new SecureTrainingOptions().LearningRate, HelpName = "RATE" };
        var seed = new Option<int>("--seed") { Description = "Seeds the initial weights and the order of the batches (both public).", DefaultValueFactory = _ => 1, HelpName = "S" };
        var limit = NnOptions.Limit("Train on the first N training images (default: all 60,000), split evenly between the two data owners.");
        var owners = new Option<int>("--owners") { Description = "Data owners, each a compute party holding an equal share of the training images.", DefaultValueFactory = _ => 2, HelpName = "N" };
        var plaintext = new Option<bool>("--compare") { Description = "Also train the plaintext twin (same initial weights, batches and step size) and report its accuracy." };
        var curve = new Option<bool>("--curve") { Description = "Open the model to party 0 after every epoch too, and report the test accuracy of each (a learning curve)." };
        var emulate = new Option<string?>("--network") { Description = "Emulate a network on every link: lan (0.2 ms, 1 Gb/s) or wan (40 ms, 100 Mb/s).", HelpName = "lan|wan" };
        var preprocessing = MpcCommand.PreprocessingOption();
        var json = CommonOptions.Json();
        var command = new Command("train", "Train a model on MNIST under MPC: data owners (two by default, an equal share of the images each) and a dealer as processes over loopback TLS; the weights stay secret-shared until the trained model is opened to party 0.")
        {
            model, epochs, batch, rate, seed, limit, owners, plaintext, curve, emulate, preprocessing, json,
        };
        command.SetAction(parse =>
        {
            string name = parse.GetValue(model)!;
            if (!ModelZoo.TryGet(name, out ZooEntry? entry))
            {
                throw new CliUsageException($"unknown model '{name}'; the zoo has: {string.Join(", ", ModelZoo.Names)}.");
            }

            if (!SecureNetwork.Supports(entry.Create(0), out string reason))
            {
                throw new CliUsageException($"model '{name}' cannot be trained under MPC: {reason}.");
            }

            int n = parse.GetValue(limit);
            var options = new SecureTrainingOptions
            {
                Epochs = MpcCommand.InRange(parse.GetValue(epochs), 1, 100, "--epochs"),
                BatchSize = MpcCommand.InRange(parse.GetValue(batch), 1, 4096, "--batch"),
                LearningRate = parse.GetValue(rate) is var lr && lr > 0 && lr <= 16 ? lr : throw new CliUsageException($"--lr must lie in (0, 16], not {lr}."),
                Seed = parse.GetValue(seed),
                Limit = MpcCommand.InRange(n == 0 ? 60_000 : n, 1, 60_000, "--limit"),
            };
            if (options.BatchSize > options.Limit)
            {
                throw new CliUsageException($"--batch {options.BatchSize} exceeds the {options.Limit} training images.");
            }

            int parties = MpcCommand.InRange(parse.GetValue(owners), 2, 8, "--owners");
            NetworkConditions? network = MpcBenchCommand.Conditions(parse.GetValue(emulate), null, null);
            var source = MpcCommand.Preprocessing(parse.GetValue(preprocessing));
            JsonObject result = Run(context, name, options, parties, parse.GetValue(curve), network, source);
            if (parse.GetValue(plaintext))
            {
                result["plaintext_accuracy"] = Twin(name, options, out JsonArray twinCurve);
                if (parse.GetValue(curve))
                {
                    result["plaintext_curve"] = twinCurve;
                }
            }

            Print(context, result, parse.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static JsonObject Run(CliContext context, string name, SecureTrainingOptions options, int parties, bool curve, NetworkConditions? network,
        Veil.Mpc.Deployment.PreprocessingKind source)
    {
        MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
        var split = HorizontalSplit.Even(options.Limit, parties);
        var directory = Directory.CreateTempSubdirectory("veil-mpc-train");
        try
        {
            var images = new string[split.Owners];
            var labels = new string[split.Owners];
            for (int owner = 0; owner < split.Owners; owner++)
            {
                OwnerExamples part = PlaintextTwin.Mnist(train, split.Start(owner), split.Counts[owner]);
                images[owner] = Path.Combine(directory.FullName, $"owner{owner}-images.bin");
                labels[owner] = Path.Combine(directory.FullName, $"owner{owner}-labels.bin");
                Veil.Mpc.Nn.InputBatchFile.Write(images[owner], part.Inputs, part.Count, part.InputSize);
                Veil.Mpc.Nn.InputBatchFile.Write(labels[owner], part.Labels.Select(l => (float)l).ToArray(), part.Count, 1);
            }

            string output = Path.Combine(directory.FullName, "trained.veil");
            var job = new SecureTrainingJob(name, options, split.Counts, images, labels, receiver: 0, output, curve);
            int[] ports = Enumerable.Range(0, MpcCommand.Endpoints(source, parties)).Select(_ => Veil.Mpc.Deployment.LocalSession.FreeLoopbackPort()).ToArray();
            string file = Veil.Mpc.Deployment.SessionKeys.Create(directory.FullName, parties, ["127.0.0.1"], ports, job.ToDescription(), overwrite: false, source);
            var session = Veil.Mpc.Deployment.SessionConfig.Load(file);
            if (network is not null)
            {
                session = session with { Network = network };
                session.Save(file);
            }

            var clock = Stopwatch.StartNew();
            IReadOnlyList<EndpointProcess> runs = ProgressDisplay.Run(context, $"secure training of {name}", report =>
                PartyProcesses.RunAll(file, session, MpcRunCommand.Limit(session) + TimeSpan.FromHours(options.Epochs), (id, line) =>
                {
                    if (id == 0 && MpcJobs.ParseProgress(line) is { } step)
                    {
                        int done = ((step.Epoch - 1) * step.Batches) + step.Batch;
                        report(done, step.Epochs * step.Batches, $"epoch {step.Epoch}/{step.Epochs}, batch {step.Batch}/{step.Batches}, {step.Seconds:F3} s, {Veil.Cli.Commands.Mpc.MpcPartyCommand.Bytes(step.Bytes)}");
                    }
                }));
            if (runs.FirstOrDefault(r => r.Process.ExitCode != 0) is { } failed)
            {
                throw new VeilException($"secure training failed: {failed.Name}: {failed.ErrorLine.Replace("veil: ", "", StringComparison.Ordinal)}");
            }

            JsonObject[] reports = runs.Select(r => r.Report ?? throw new VeilException($"{r.Name} printed no report.")).ToArray();
            JsonObject summary = Summarize(name, options, reports, output, curve, network, clock.Elapsed.TotalSeconds);
            summary["preprocessing"] = source.Name();
            return summary;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static JsonObject Summarize(string name, SecureTrainingOptions options, JsonObject[] reports, string output, bool curve, NetworkConditions? network, double seconds)
    {
        JsonObject[] parties = reports.Where(r => r["role"]?.GetValue<string>() == "party").ToArray();
        JsonObject first = parties[0];
        OwnerExamples test = PlaintextTwin.Mnist(MnistDataset.LoadEmbedded(MnistSplit.Test), 0, 10_000);
        Sequential trained = Veil.Nn.Serialization.ModelFile.Load(output);
        var result = new JsonObject
        {
            ["model"] = name,
            ["epochs"] = options.Epochs,
            ["batch"] = options.BatchSize,
            ["learning_rate"] = options.LearningRate,
            ["step_size"] = options.StepSize.ToString(),
            ["training_images"] = options.Limit,
            ["owners"] = parties.Length,
            ["transport"] = "tls",
            ["network"] = network?.ToString() ?? "loopback",
            ["batches"] = first["batches"]!.GetValue<int>(),
            ["accuracy"] = PlaintextTwin.Accuracy(trained, test),
            ["test_images"] = test.Count,
            ["seconds"] = seconds,
            ["training_seconds"] = parties.Max(p => p["seconds"]!.GetValue<double>()),
            ["batch_seconds"] = parties.Max(p => p["batch_seconds_median"]!.GetValue<double>()),
            ["batch_seconds_mean"] = parties.Max(p => p["batch_seconds_mean"]!.GetValue<double>()),
            ["batches_requested_ahead"] = first["batches_requested_ahead"]!.GetValue<int>(),
            ["batch_bytes"] = parties.Sum(p => p["batch_bytes"]!.GetValue<double>()),
            ["batch_rounds"] = first["batch_rounds"]!.GetValue<long>(),
            ["bytes"] = parties.Sum(p => p["bytes"]!.GetValue<double>()),
            ["machine"] = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, load {MpcBenchCommand.LoadAverage()}",
        };
        if (curve)
        {
            var accuracies = new JsonArray();
            for (int epoch = 1; epoch < options.Epochs; epoch++)
            {
                accuracies.Add(PlaintextTwin.Accuracy(Veil.Nn.Serialization.ModelFile.Load(SecureTrainingJob.EpochFile(output, epoch)), test));
            }

            accuracies.Add(result["accuracy"]!.GetValue<double>());
            result["curve"] = accuracies;
        }

        return result;
    }

    private static double Twin(string name, SecureTrainingOptions options, out JsonArray curve)
    {
        OwnerExamples train = PlaintextTwin.Mnist(MnistDataset.LoadEmbedded(MnistSplit.Train), 0, options.Limit);
        OwnerExamples test = PlaintextTwin.Mnist(MnistDataset.LoadEmbedded(MnistSplit.Test), 0, 10_000);
        Sequential model = ModelZoo.Create(name, options.Seed);
        var accuracies = new JsonArray();
        PlaintextTwin.Train(model, train, options, _ => accuracies.Add(PlaintextTwin.Accuracy(model, test)));
        curve = accuracies;
        return accuracies[^1]!.GetValue<double>();
    }

    private static void Print(CliContext context, JsonObject result, bool json)
    {
        if (json)
        {
            JsonOutput.Write(context.Out, result);
            return;
        }

        var table = new Table().AddColumns("Secure training", result["model"]!.GetValue<string>());
        table.AddRow("Recipe", $"{result["epochs"]} epochs of {result["training_images"]} images, {result["owners"]} owners, batch {result["batch"]}, lr {result["learning_rate"]}");
        table.AddRow("Test accuracy", $"{result["accuracy"]!.GetValue<double>():P2} of {result["test_images"]} images");
        if (result["plaintext_accuracy"] is { } plain)
        {
            table.AddRow("Plaintext twin", $"{plain.GetValue<double>():P2}");
        }

        table.AddRow("Time per batch", $"{result["batch_seconds"]!.GetValue<double>():F3} s (median), {result["network"]}");
        table.AddRow("Per batch", $"{MpcPartyCommand.Bytes((long)result["batch_bytes"]!.GetValue<double>())}, {result["batch_rounds"]} rounds");
        table.AddRow("Total", $"{result["seconds"]!.GetValue<double>():F1} s, {MpcPartyCommand.Bytes((long)result["bytes"]!.GetValue<double>())}");
        context.Terminal.Write(table);
    }
}

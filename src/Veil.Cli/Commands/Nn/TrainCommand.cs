using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Commands.Privacy;
using Veil.Cli.Output;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Nn.Serialization;
using Veil.Nn.Training;
using Veil.Nn.Zoo;

namespace Veil.Cli.Commands.Nn;

/// <summary><c>veil train</c>: trains a zoo architecture on MNIST with a fixed seed and writes the model file.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "The architecture: " + string.Join(", ", ModelZoo.Names) + ".", Required = true, HelpName = "NAME" };
        NnOptions.OneOf(model, [.. ModelZoo.Names], "architecture");
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the training data (default: the architecture's recipe).", HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seeds the initial weights and the shuffling.", DefaultValueFactory = _ => 1, HelpName = "S" };
        var batch = new Option<int?>("--batch") { Description = "Examples per step (default: the recipe's).", HelpName = "B" };
        var rate = new Option<double?>("--lr") { Description = "Initial learning rate (default: the recipe's).", HelpName = "RATE" };
        var decay = new Option<double?>("--lr-decay") { Description = "Learning-rate factor applied after each epoch (default: the recipe's).", HelpName = "F" };
        var optimizer = new Option<string?>("--optimizer") { Description = "adam or sgd (SGD with momentum 0.9; default: the recipe's).", HelpName = "NAME" };
        NnOptions.OneOf(optimizer, ["adam", "sgd"], "optimizer");
        var shift = new Option<int?>("--shift") { Description = "Augmentation: move each training image by up to K pixels in each direction (default: the recipe's; 0 = none).", HelpName = "K" };
        var limit = NnOptions.Limit("Train on the first N training images only (default: all 60,000).");
        var output = new Option<string>("--out", "-o") { Description = "Where to write the model file.", Required = true, HelpName = "FILE" };
        var name = new Option<string?>("--name") { Description = "The model's name in the file (default: the architecture's), e.g. lenet-dp3.", HelpName = "NAME" };
        var json = CommonOptions.Json();
        var command = new Command("train", "Train a model of the zoo on MNIST and write it to a model file; with --dp-epsilon, with differential privacy (DP-SGD).")
        {
            model, epochs, seed, batch, rate, decay, optimizer, shift, limit, output, name, json,
        };
        var privately = new PrivateTrainOptions();
        privately.AddTo(command);
        command.SetAction(parse =>
        {
            ZooEntry entry = ModelZoo.Get(parse.GetValue(model)!);
            bool dp = privately.Requested(parse);
            if (dp && parse.GetValue(shift) is > 0)
            {
                throw new CliUsageException("--shift is not available with --dp-epsilon (DP-SGD samples the images unaugmented).");
            }

            TrainingOptions recipe = dp ? PrivateTrainOptions.Recipe(entry) : entry.Training;
            TrainingOptions options = recipe with
            {
                Epochs = NnOptions.AtLeast(parse.GetValue(epochs) ?? recipe.Epochs, 1, "--epochs"),
                BatchSize = NnOptions.AtLeast(parse.GetValue(batch) ?? recipe.BatchSize, 1, "--batch"),
                Seed = parse.GetValue(seed),
                LearningRate = Positive(parse.GetValue(rate) ?? recipe.LearningRate, "--lr"),
                LearningRateDecay = Positive(parse.GetValue(decay) ?? recipe.LearningRateDecay, "--lr-decay"),
                Optimizer = parse.GetValue(optimizer) switch
                {
                    "sgd" => OptimizerKind.Sgd,
                    "adam" => OptimizerKind.Adam,
                    _ => recipe.Optimizer,
                },
                Limit = NnOptions.AtLeast(parse.GetValue(limit), 0, "--limit"),
                MaxShift = ShiftInRange(parse.GetValue(shift) ?? recipe.MaxShift),
            };
            string path = parse.GetValue(output)!;
            Sequential network = Named(entry.Create(options.Seed), parse.GetValue(name));
            return dp
                ? PrivateTraining.Run(context, entry, network, options, privately.Parse(parse), path, parse.GetValue(json))
                : Train(context, entry, network, options, path, parse.GetValue(json));
        });
        return command;
    }

    private static int ShiftInRange(int value) =>
        value is >= 0 and <= RandomShift.MaxShift ? value : throw new CliUsageException($"--shift must be 0 to {RandomShift.MaxShift}; got {value}.");

    /// <summary>The model under another name (same layers and properties), or itself when no name is given.</summary>
    /// <exception cref="CliUsageException">The name is not a valid model name.</exception>
    private static Sequential Named(Sequential model, string? name)
    {
        if (name is null || name == model.Name)
        {
            return model;
        }

        if (!ShippedModels.IsValidName(name))
        {
            throw new CliUsageException($"--name must be lower-case letters, digits and dashes; got '{name}'.");
        }

        return model.WithName(name);
    }

    private static int Train(CliContext context, ZooEntry entry, Sequential model, TrainingOptions options, string path, bool json)
    {
        MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
        MnistDataset test = MnistDataset.LoadEmbedded(MnistSplit.Test);
        var trainer = new Trainer(model, options);
        var watch = Stopwatch.StartNew();
        IReadOnlyList<EpochReport> reports = ProgressDisplay.Run(context, $"{entry.Name} epoch 1/{options.Epochs}", report =>
            trainer.Train(train, new Progress<TrainingProgress>(p =>
                report(p.Batch, p.Batches, $"{entry.Name} epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4}"))));
        double seconds = watch.Elapsed.TotalSeconds;
        EvaluationResult result = BackendEvaluator.Evaluate(new PlainBackend(), model, test);

        var properties = model.Properties;
        properties["train.command"] = $"veil train --model {entry.Name}" + (model.Name != entry.Name ? $" --name {model.Name}" : string.Empty) + $" --epochs {options.Epochs} --seed {options.Seed} --batch {options.BatchSize} " +
            $"--lr {Invariant(options.LearningRate)} --lr-decay {Invariant(options.LearningRateDecay)} --optimizer {options.Optimizer.ToString().ToLowerInvariant()}" +
            (options.MaxShift > 0 ? $" --shift {options.MaxShift}" : string.Empty) +
            (options.Limit > 0 ? $" --limit {options.Limit}" : string.Empty);
        properties["train.seed"] = Invariant(options.Seed);
        properties["train.epochs"] = Invariant(options.Epochs);
        properties["train.images"] = Invariant(reports.Sum(r => r.Images));
        properties["train.seconds"] = Invariant(Math.Round(seconds, 1));
        properties["train.final_loss"] = Invariant(Math.Round(reports[^1].Loss, 5));
        properties["test.accuracy"] = Invariant(result.Accuracy);
        properties["test.images"] = Invariant(result.Images);
        ModelFile.Save(model, path);

        if (json)
        {
            var epochs = new JsonArray();
            foreach (EpochReport r in reports)
            {
                epochs.Add(new JsonObject { ["epoch"] = r.Epoch, ["loss"] = r.Loss, ["train_accuracy"] = r.TrainingAccuracy, ["seconds"] = r.Seconds });
            }

            JsonOutput.Write(context.Out, new JsonObject
            {
                ["model"] = entry.Name,
                ["file"] = Path.GetFullPath(path),
                ["seed"] = options.Seed,
                ["epochs"] = epochs,
                ["train_seconds"] = seconds,
                ["test_accuracy"] = result.Accuracy,
            });
        }
        else
        {
            var table = new Table().AddColumns("Epoch", "Loss", "Train accuracy", "Seconds");
            foreach (EpochReport r in reports)
            {
                table.AddRow($"{r.Epoch}", $"{r.Loss:F4}", $"{r.TrainingAccuracy:P2}", $"{r.Seconds:F1}");
            }

            context.Terminal.Write(table);
            context.Out.WriteLine($"{entry.Name}: test accuracy {result.Accuracy:P2} on {result.Images:N0} images; written to {path}");
        }

        return ExitCodes.Success;
    }

    private static double Positive(double value, string option) =>
        value > 0 && double.IsFinite(value) ? value : throw new CliUsageException($"{option} must be a positive number; got {value}.");

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}

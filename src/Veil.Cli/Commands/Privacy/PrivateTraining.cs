using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Commands.Nn;
using Veil.Cli.Output;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Nn.Serialization;
using Veil.Nn.Training;
using Veil.Nn.Zoo;
using Veil.Privacy.Accounting;
using Veil.Privacy.DpSgd;

namespace Veil.Cli.Commands.Privacy;

/// <summary><c>veil train --dp-epsilon E</c>: trains a zoo architecture with DP-SGD, shows the epsilon spent after
/// every epoch, and records the guarantee and its settings in the model file (<see cref="DpModelProperties"/>).</summary>
internal static class PrivateTraining
{
    public static int Run(CliContext context, ZooEntry entry, Sequential model, TrainingOptions options, DpSgdOptions privacy, string path, bool json)
    {
        MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
        MnistDataset test = MnistDataset.LoadEmbedded(MnistSplit.Test);
        using var trainer = new DpSgdTrainer(model, train, options, privacy);
        DpSgdPlan plan = trainer.Plan;
        context.Error.WriteLine(
            $"DP-SGD: {plan.DatasetSize:N0} examples, expected batch {plan.ExpectedBatchSize} (q = {plan.SampleRate:G4}), " +
            $"{plan.Epochs} epochs = {plan.Steps:N0} steps, clip {plan.ClippingNorm:G4}, noise multiplier {plan.NoiseMultiplier:F4}: " +
            $"epsilon {plan.PlannedEpsilon:F3} at delta {plan.Delta:G3} ({PrivacyAccountants.Name(plan.Accountant).ToUpperInvariant()}).");

        var watch = Stopwatch.StartNew();
        DpSgdResult result = ProgressDisplay.Run(context, $"{model.Name} epoch 1/{plan.Epochs}", report =>
            trainer.Train(
                new SynchronousProgress<DpSgdProgress>(p => report(p.Step, p.StepsPerEpoch,
                    $"{model.Name} epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} epsilon {p.Epsilon:F3}")),
                epoch =>
                {
                    if (!context.Interactive)
                    {
                        context.Error.WriteLine(
                            $"epoch {epoch.Epoch}/{plan.Epochs}: loss {epoch.Loss:F4}, clipped {epoch.ClippedFraction:P0}, epsilon {epoch.Epsilon:F4} (delta {plan.Delta:G3}), {epoch.Seconds:F1} s");
                    }
                }));
        double seconds = watch.Elapsed.TotalSeconds;
        EvaluationResult evaluation = BackendEvaluator.Evaluate(new PlainBackend(), model, test);

        IDictionary<string, string> properties = model.Properties;
        properties["train.command"] = Command(entry, model, options, privacy);
        properties["train.seed"] = Invariant(options.Seed);
        properties["train.epochs"] = Invariant(options.Epochs);
        properties["test.accuracy"] = Invariant(evaluation.Accuracy);
        properties["test.images"] = Invariant(evaluation.Images);
        DpModelProperties.Write(properties, result, privacy);
        properties[DpModelProperties.TwinKey] = entry.PlainTwin ?? entry.Name;
        ModelFile.Save(model, path);

        if (json)
        {
            var epochs = new JsonArray();
            foreach (DpSgdEpochReport r in result.Epochs)
            {
                epochs.Add(new JsonObject
                {
                    ["epoch"] = r.Epoch, ["loss"] = r.Loss, ["train_accuracy"] = r.TrainingAccuracy,
                    ["clipped_fraction"] = r.ClippedFraction, ["seconds"] = r.Seconds, ["steps"] = r.Steps, ["epsilon"] = r.Epsilon,
                });
            }

            JsonOutput.Write(context.Out, new JsonObject
            {
                ["model"] = model.Name,
                ["architecture"] = entry.Name,
                ["file"] = Path.GetFullPath(path),
                ["seed"] = options.Seed,
                ["epochs"] = epochs,
                ["train_seconds"] = seconds,
                ["test_accuracy"] = evaluation.Accuracy,
                ["epsilon"] = result.Epsilon,
                ["delta"] = result.Rdp.Delta,
                ["privacy"] = new JsonObject
                {
                    ["accountant"] = PrivacyAccountants.Name(result.EpsilonAccountant),
                    ["epsilon_rdp"] = result.Rdp.Epsilon,
                    ["order"] = result.Rdp.Order,
                    ["epsilon_prv"] = result.Prv?.Epsilon,
                    ["target_epsilon"] = privacy.TargetEpsilon,
                    ["noise_multiplier"] = plan.NoiseMultiplier,
                    ["clip"] = plan.ClippingNorm,
                    ["clipping"] = properties[DpModelProperties.ClippingKey],
                    ["sample_rate"] = plan.SampleRate,
                    ["expected_batch"] = plan.ExpectedBatchSize,
                    ["steps"] = result.Epochs[^1].Steps,
                    ["training_examples"] = plan.DatasetSize,
                    ["frozen_layers"] = new JsonArray([.. (privacy.FrozenLayers ?? []).Select(l => JsonValue.Create(l))]),
                },
            });
        }
        else
        {
            var table = new Table().AddColumns("Epoch", "Loss", "Train accuracy", "Clipped", "Epsilon", "Seconds");
            foreach (DpSgdEpochReport r in result.Epochs)
            {
                table.AddRow($"{r.Epoch}", $"{r.Loss:F4}", $"{r.TrainingAccuracy:P2}", $"{r.ClippedFraction:P1}", $"{r.Epsilon:F4}", $"{r.Seconds:F1}");
            }

            context.Terminal.Write(table);
            string accountants = result.Prv is { } p ? $"RDP {result.Rdp.Epsilon:F3}, PRV {p.Epsilon:F3}" : $"RDP {result.Rdp.Epsilon:F3}";
            context.Out.WriteLine(
                $"{model.Name}: test accuracy {evaluation.Accuracy:P2} on {evaluation.Images:N0} images; " +
                $"(epsilon {result.Epsilon:F3}, delta {result.Rdp.Delta:G3})-DP by {PrivacyAccountants.Name(result.EpsilonAccountant).ToUpperInvariant()} " +
                $"({accountants}); written to {path}");
        }

        return ExitCodes.Success;
    }

    private static string Command(ZooEntry entry, Sequential model, TrainingOptions options, DpSgdOptions privacy) =>
        $"veil train --model {entry.Name}" + (model.Name != entry.Name ? $" --name {model.Name}" : string.Empty) +
        $" --epochs {options.Epochs} --seed {options.Seed} --batch {options.BatchSize} --lr {Invariant(options.LearningRate)}" +
        $" --lr-decay {Invariant(options.LearningRateDecay)} --optimizer {options.Optimizer.ToString().ToLowerInvariant()}" +
        (options.Limit > 0 ? $" --limit {options.Limit}" : string.Empty) +
        $" --dp-epsilon {Invariant(privacy.TargetEpsilon ?? 0)} --dp-delta {Invariant(privacy.Delta)} --clip {Invariant(privacy.ClippingNorm)}" +
        $" --dp-clipping {(privacy.Clipping == ClippingMode.PerLayer ? "per-layer" : "flat")} --dp-average {Invariant(privacy.AverageDecay)}" +
        $" --dp-accountant {PrivacyAccountants.Name(privacy.Accountant)}" +
        (privacy.FrozenLayers is { Count: > 0 } frozen ? $" --dp-freeze {string.Join(' ', frozen)}" : string.Empty);

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}

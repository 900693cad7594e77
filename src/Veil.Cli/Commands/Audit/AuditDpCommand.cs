using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Veil.Audit.Dp;
using Veil.Cli.Commands.Nn;
using Veil.Cli.Commands.Privacy;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Nn.Zoo;
using Veil.Privacy.DpSgd;

namespace Veil.Cli.Commands.Audit;

/// <summary><c>veil audit dp</c>: trains a zoo architecture once with DP-SGD and mislabelled canaries, and derives an
/// empirical epsilon lower bound (Steinke, Nasr and Jagielski 2023) to set beside the accountant's epsilon.</summary>
internal static class AuditDpCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "The architecture to train: " + string.Join(", ", ModelZoo.Names) + ".", DefaultValueFactory = _ => "lenet-dp", HelpName = "NAME" };
        var epsilon = new Option<double>("--dp-epsilon") { Description = "The target epsilon of the DP-SGD run.", Required = true, HelpName = "E" };
        var delta = new Option<double>("--dp-delta") { Description = "delta of the guarantee and of the bound.", DefaultValueFactory = _ => 1e-5, HelpName = "D" };
        var canaries = new Option<int>("--canaries") { Description = "Mislabelled canaries m, each trained on with probability 1/2.", DefaultValueFactory = _ => 1000, HelpName = "M" };
        var guesses = new Option<int?>("--guesses") { Description = "Guesses r (half 'in', half 'out'; default m/5).", HelpName = "R" };
        var size = new Option<int>("--train-size") { Description = "Non-canary training images (the default run is short: 2,000).", DefaultValueFactory = _ => 2000, HelpName = "N" };
        var epochs = new Option<int>("--epochs") { Description = "DP-SGD epochs.", DefaultValueFactory = _ => 30, HelpName = "N" };
        var batch = new Option<int>("--batch") { Description = "Expected DP-SGD batch.", DefaultValueFactory = _ => 256, HelpName = "B" };
        var rate = new Option<double>("--lr") { Description = "Learning rate (SGD with momentum 0.9).", DefaultValueFactory = _ => 4, HelpName = "RATE" };
        var clip = new Option<double>("--clip") { Description = "Per-example clipping norm.", DefaultValueFactory = _ => 0.1, HelpName = "C" };
        var seed = new Option<int>("--seed") { Description = "Seeds the canaries, their inclusion and the initial weights (DP-SGD's noise is from the CSPRNG).", DefaultValueFactory = _ => 1, HelpName = "S" };
        var json = CommonOptions.Json();
        var command = new Command("dp", "Empirical epsilon of DP-SGD from one training run with canaries, beside the accountant's.")
        {
            model, epsilon, delta, canaries, guesses, size, epochs, batch, rate, clip, seed, json,
        };
        command.SetAction(parse =>
        {
            ZooEntry entry = ModelZoo.Get(parse.GetValue(model)!);
            int m = NnOptions.AtLeast(parse.GetValue(canaries), 2, "--canaries");
            int r = parse.GetValue(guesses) is int g ? NnOptions.AtLeast(g, 1, "--guesses") : Math.Max(1, m / 5);
            if (r > m)
            {
                throw new CliUsageException($"--guesses {r} exceeds --canaries {m}.");
            }

            int n = NnOptions.AtLeast(parse.GetValue(size), 0, "--train-size");
            MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
            if (n + m > train.Count)
            {
                throw new CliUsageException($"--train-size {n} plus --canaries {m} exceed the {train.Count:N0} training images.");
            }

            double learningRate = parse.GetValue(rate);
            if (!double.IsFinite(learningRate) || learningRate <= 0)
            {
                throw new CliUsageException($"--lr must be a positive number; got {learningRate.ToString(CultureInfo.InvariantCulture)}.");
            }

            var training = new TrainingOptions
            {
                Epochs = NnOptions.AtLeast(parse.GetValue(epochs), 1, "--epochs"),
                BatchSize = NnOptions.AtLeast(parse.GetValue(batch), 1, "--batch"),
                Optimizer = OptimizerKind.Sgd,
                LearningRate = learningRate,
                Momentum = 0.9,
            };
            var privacy = new DpSgdOptions { TargetEpsilon = parse.GetValue(epsilon), Delta = parse.GetValue(delta), ClippingNorm = parse.GetValue(clip) };
            privacy.Validate();
            context.Error.WriteLine(
                $"canary audit: {entry.Name} with DP-SGD (epsilon {privacy.TargetEpsilon:G4}, delta {privacy.Delta:G3}) on {n:N0} images " +
                $"plus about {m / 2:N0} of {m:N0} mislabelled canaries, {training.Epochs} epochs; {r} guesses.");
            CanaryAuditResult result = ProgressDisplay.Run(context, "DP-SGD", report =>
                CanaryAudit.Run(entry, train, n, m, r, training, privacy, parse.GetValue(seed),
                    progress: new SynchronousProgress<DpSgdProgress>(p => report(((p.Epoch - 1) * p.StepsPerEpoch) + p.Step, p.Epochs * p.StepsPerEpoch,
                        $"DP-SGD epoch {p.Epoch}/{p.Epochs} epsilon {p.Epsilon:F3}"))));
            var document = new JsonObject
            {
                ["model"] = entry.Name,
                ["canaries"] = result.Canaries,
                ["included"] = result.Included,
                ["guesses"] = result.Guesses,
                ["correct"] = result.Correct,
                ["training_examples"] = result.TrainingExamples,
                ["epochs"] = training.Epochs,
                ["delta"] = result.Delta,
                ["confidence"] = result.Confidence,
                ["epsilon_empirical"] = result.EmpiricalEpsilon,
                ["epsilon_accountant"] = result.AccountantEpsilon,
                ["gap"] = result.AccountantEpsilon - result.EmpiricalEpsilon,
            };
            if (parse.GetValue(json))
            {
                Output.JsonOutput.Write(context.Out, document);
            }
            else
            {
                PrivacyReport.Write(context, document, json: false);
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"empirical epsilon >= {result.EmpiricalEpsilon:F3} at {result.Confidence:P0} confidence; accountant epsilon {result.AccountantEpsilon:F3}."));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

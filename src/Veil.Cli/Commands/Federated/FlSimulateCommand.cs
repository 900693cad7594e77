using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Commands.Nn;
using Veil.Cli.Output;
using Veil.Federated.Privacy;
using Veil.Federated.Simulation;
using Veil.Federated.Training;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Serialization;
using Veil.Nn.Zoo;

namespace Veil.Cli.Commands.Federated;

/// <summary><c>veil fl simulate</c>: a whole federation in one process, with a progress bar: the MNIST training images
/// split among the clients, rounds of local training and (secure) aggregation, optional client-level DP.</summary>
internal static class FlSimulateCommand
{
    private static readonly string[] Algorithms = ["fedavg", "fedprox", "fedadam"];

    public static Command Create(CliContext context)
    {
        var clients = new Option<int>("--clients") { Description = "Clients the 60,000 training images are split among.", DefaultValueFactory = _ => 100, HelpName = "N" };
        var perRound = new Option<int>("--clients-per-round") { Description = "Clients sampled per round (0: all).", DefaultValueFactory = _ => 10, HelpName = "M" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of training.", DefaultValueFactory = _ => 20, HelpName = "R" };
        var model = NnOptions.Model("The zoo model to train (default lenet).");
        var nonIid = new Option<double?>("--non-iid") { Description = "Split the labels non-IID by Dirichlet(ALPHA) (0.5 is strongly skewed); IID when absent.", HelpName = "ALPHA" };
        var algorithm = new Option<string>("--algorithm") { Description = "fedavg, fedprox or fedadam.", DefaultValueFactory = _ => "fedavg" };
        var epochs = new Option<int>("--local-epochs") { Description = "Local epochs per round.", DefaultValueFactory = _ => 1, HelpName = "E" };
        var batch = new Option<int>("--batch") { Description = "Local mini-batch size.", DefaultValueFactory = _ => 32, HelpName = "B" };
        var lr = new Option<double>("--lr") { Description = "Client SGD learning rate.", DefaultValueFactory = _ => 0.05, HelpName = "RATE" };
        var serverLr = new Option<double?>("--server-lr") { Description = "Server learning rate (default 1; FedAdam 0.01).", HelpName = "RATE" };
        var mu = new Option<double>("--mu") { Description = "FedProx's proximal weight.", DefaultValueFactory = _ => 0.01 };
        var secagg = new Option<bool>("--secagg") { Description = "Aggregate with secure aggregation (the server sees only the sum)." };
        var degree = new Option<int>("--secagg-degree") { Description = "SecAgg+ graph degree (even, ≥ 4); 0 for the complete graph.", DefaultValueFactory = _ => 0, HelpName = "K" };
        var dpOptions = new FlDpOptions();
        var dropout = new Option<double>("--dropout") { Description = "Fraction of each round's clients that drop out mid-round (≤ 1/3).", DefaultValueFactory = _ => 0, HelpName = "F" };
        var testLimit = new Option<int>("--test-limit") { Description = "Test images to evaluate on, from the first (0: all 10,000).", HelpName = "N" };
        var evaluateEvery = new Option<int>("--evaluate-every") { Description = "Evaluate the global model every this many rounds.", DefaultValueFactory = _ => 1, HelpName = "R" };
        var seed = new Option<int>("--seed") { Description = "Seeds the split, the model and the sampling.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out", "-o") { Description = "Save the trained global model (with its federation in its properties) to FILE.", HelpName = "FILE" };
        var name = new Option<string?>("--name") { Description = "The saved model's name (default: MODEL-fl).", HelpName = "NAME" };
        var json = CommonOptions.Json();
        var command = new Command("simulate", "Simulate a federation in one process: clients train locally, the server aggregates (optionally securely, with client-level DP).")
        {
            clients, perRound, rounds, model, nonIid, algorithm, epochs, batch, lr, serverLr, mu, secagg, degree, dropout,
            testLimit, evaluateEvery, seed, output, name, json,
        };
        foreach (Option option in dpOptions.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            string modelName = parse.GetValue(model) ?? "lenet";
            if (!ModelZoo.TryGet(modelName, out _))
            {
                throw new CliUsageException($"--model must be a zoo model ({string.Join(", ", ModelZoo.Names)}), not '{modelName}'.");
            }

            string savedName = parse.GetValue(name) ?? $"{modelName}-fl";
            if (!ShippedModels.IsValidName(savedName))
            {
                throw new CliUsageException($"--name must be lower-case letters, digits and dashes, not '{savedName}'.");
            }

            string algorithmName = parse.GetValue(algorithm)!;
            if (!Algorithms.Contains(algorithmName))
            {
                throw new CliUsageException($"--algorithm must be one of {string.Join(", ", Algorithms)}, not '{algorithmName}'.");
            }

            var kind = algorithmName switch { "fedprox" => FederatedAlgorithm.FedProx, "fedadam" => FederatedAlgorithm.FedAdam, _ => FederatedAlgorithm.FedAvg };
            int n = NnOptions.AtLeast(parse.GetValue(clients), 1, "--clients");
            int r = NnOptions.AtLeast(parse.GetValue(rounds), 1, "--rounds");
            int m = parse.GetValue(perRound);
            if (m < 0 || m > n)
            {
                throw new CliUsageException($"--clients-per-round must be in [0, {n}], not {m}.");
            }

            double drop = parse.GetValue(dropout);
            if (drop is < 0 or > 1.0 / 3)
            {
                throw new CliUsageException($"--dropout must be in [0, 1/3], not {drop}.");
            }

            ClientDpOptions? dp = dpOptions.Read(parse, n, m == 0 ? n : m, r);

            SimulationOptions options;
            try
            {
                options = new SimulationOptions
                {
                    Model = modelName,
                    Clients = n,
                    ClientsPerRound = m,
                    Rounds = r,
                    NonIidAlpha = parse.GetValue(nonIid),
                    Strategy = new FederatedStrategy
                    {
                        Algorithm = kind,
                        LocalEpochs = parse.GetValue(epochs),
                        BatchSize = parse.GetValue(batch),
                        ClientLearningRate = parse.GetValue(lr),
                        ProximalMu = parse.GetValue(mu),
                        ServerLearningRate = parse.GetValue(serverLr) ?? (kind == FederatedAlgorithm.FedAdam ? 0.01 : 1),
                    },
                    SecureAggregation = parse.GetValue(secagg),
                    SecAggDegree = parse.GetValue(degree),
                    Dp = dp,
                    Dropout = drop,
                    TestLimit = parse.GetValue(testLimit),
                    EvaluateEvery = parse.GetValue(evaluateEvery),
                    Seed = parse.GetValue(seed),
                };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException($"invalid federation: {FirstLine(e.Message)}");
            }

            var simulation = new FederatedSimulation(options, MnistDataset.LoadEmbedded(MnistSplit.Train), MnistDataset.LoadEmbedded(MnistSplit.Test));
            SimulationResult result = ProgressDisplay.Run(context, $"fl: {modelName}, {n} clients", report =>
                simulation.Run(new Privacy.SynchronousProgress<RoundReport>(round =>
                    report(round.Round, r, $"round {round.Round}/{r}" + (double.IsNaN(round.TestAccuracy) ? "" : $", accuracy {round.TestAccuracy:P2}")))));
            if (parse.GetValue(output) is string file)
            {
                Sequential trained = ModelZoo.Create(modelName, options.Seed).WithName(savedName);
                ModelVector.Write(result.FinalWeights, trained);
                FlModelProperties.Write(trained.Properties, result);
                trained.Properties["train.command"] = CommandText(parse.Tokens);
                ModelFile.Save(trained, file);
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, ToJson(result));
            }
            else
            {
                Print(context, result);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string CommandText(IReadOnlyList<System.CommandLine.Parsing.Token> tokens) =>
        "veil fl simulate " + string.Join(' ', tokens.Select(t => t.Value).SkipWhile(v => v is "fl" or "simulate"));

    private static string FirstLine(string message) => message.Split('\n')[0].Split(" (Parameter")[0];

    internal static JsonObject ToJson(SimulationResult result)
    {
        SimulationOptions o = result.Options;
        var rounds = new JsonArray();
        foreach (RoundReport r in result.Rounds)
        {
            rounds.Add(new JsonObject
            {
                ["round"] = r.Round,
                ["participants"] = r.Participants,
                ["dropped"] = r.Dropped,
                ["test_accuracy"] = double.IsNaN(r.TestAccuracy) ? null : Math.Round(r.TestAccuracy, 4),
                ["seconds"] = Math.Round(r.Seconds, 3),
                ["server_secagg_seconds"] = Math.Round(r.ServerSecAggSeconds, 4),
                ["epsilon"] = Math.Round(r.Epsilon, 4),
            });
        }

        return new JsonObject
        {
            ["model"] = o.Model,
            ["clients"] = o.Clients,
            ["clients_per_round"] = o.EffectiveClientsPerRound,
            ["rounds"] = o.Rounds,
            ["non_iid_alpha"] = o.NonIidAlpha,
            ["algorithm"] = o.Strategy.Algorithm.ToString(),
            ["secure_aggregation"] = o.SecureAggregation,
            ["secagg_degree"] = o.SecAggDegree,
            ["dropout"] = o.Dropout,
            ["parameters"] = result.Parameters,
            ["final_accuracy"] = Math.Round(result.FinalAccuracy, 4),
            ["plain_upload_bytes"] = result.PlainUploadBytes,
            ["upload_bytes_per_client"] = Math.Round(result.UploadBytesPerClient),
            ["upload_ratio"] = Math.Round(result.UploadBytesPerClient / result.PlainUploadBytes, 4),
            ["quantization_error_bound"] = result.QuantizationErrorBound,
            ["dp_noise_multiplier"] = o.Dp?.NoiseMultiplier,
            ["epsilon"] = o.Dp is null ? null : Math.Round(result.Epsilon, 4),
            ["delta"] = o.Dp?.Delta,
            ["seconds"] = Math.Round(result.Seconds, 2),
            ["per_round"] = rounds,
        };
    }

    private static void Print(CliContext context, SimulationResult result)
    {
        SimulationOptions o = result.Options;
        var table = new Table().AddColumn("").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("model", $"{o.Model} ({result.Parameters:N0} parameters)");
        table.AddRow("clients", $"{o.Clients} ({o.EffectiveClientsPerRound} per round), {(o.NonIidAlpha is double a ? $"non-IID α = {a}" : "IID")}");
        table.AddRow("algorithm", o.Strategy.Algorithm.ToString());
        table.AddRow("rounds", o.Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("test accuracy", $"{result.FinalAccuracy:P2}");
        table.AddRow("upload per client and round", $"{result.UploadBytesPerClient / 1e3:N1} KB ({result.UploadBytesPerClient / result.PlainUploadBytes:N3}× plain FedAvg)");
        if (o.SecureAggregation)
        {
            table.AddRow("secure aggregation", $"{(o.SecAggDegree == 0 ? "complete graph" : $"SecAgg+ degree {o.SecAggDegree}")}, dropout {o.Dropout:P0}, error ≤ {result.QuantizationErrorBound:G3} per coordinate");
        }

        if (o.Dp is not null)
        {
            table.AddRow("client-level DP", $"ε = {result.Epsilon:F2} at δ = {o.Dp.Delta:G2} (noise multiplier {o.Dp.NoiseMultiplier:F3})");
        }

        table.AddRow("time", $"{result.Seconds:F1} s");
        context.Terminal.Write(table);
    }
}

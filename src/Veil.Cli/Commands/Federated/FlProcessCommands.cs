using System.CommandLine;
using System.Text.Json.Nodes;
using Veil.Cli.Commands.Nn;
using Veil.Cli.Output;
using Veil.Federated.Partitioning;
using Veil.Federated.Service.Coordination;
using Veil.Federated.Service.Hosting;
using Veil.Federated.Training;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Nn.Zoo;
using Veil.Security;

namespace Veil.Cli.Commands.Federated;

/// <summary><c>veil fl keys</c>, <c>veil fl server</c> and <c>veil fl client</c>: a federation as separate processes,
/// over gRPC with mutually authenticated TLS.</summary>
internal static class FlProcessCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Keys(context);
        yield return Server(context);
        yield return Client(context);
    }

    private static Option<int> Clients() => new("--clients") { Description = "Registered clients (ids 0 … N−1).", DefaultValueFactory = _ => 10, HelpName = "N" };

    private static Option<string> KeysDirectory() => new("--keys") { Description = "The federation's keys directory ('veil fl keys').", Required = true, HelpName = "DIR" };

    private static Option<int> Seed() => new("--seed") { Description = "Seeds the data split (clients) or the model and selection (server).", DefaultValueFactory = _ => 1 };

    private static Command Keys(CliContext context)
    {
        var clients = Clients();
        var output = new Option<string>("--out", "-o") { Description = "Directory to write the certificates to.", Required = true, HelpName = "DIR" };
        var command = new Command("keys", "Create the coordinator's and each client's TLS certificate (pinned, self-signed).") { clients, output };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(clients);
            if (n is < 1 or > 100_000)
            {
                throw new CliUsageException($"--clients must be between 1 and 100000, not {n}.");
            }

            (var server, var all) = FederationKeys.Create(n);
            FederationKeys.Write(parse.GetValue(output)!, server, all);
            context.Out.WriteLine($"wrote the coordinator's and {n} clients' certificates to {parse.GetValue(output)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Server(CliContext context)
    {
        var keys = KeysDirectory();
        var state = new Option<string>("--state") { Description = "The SQLite file of the round state (resumed when it exists).", DefaultValueFactory = _ => "fl-state.db", HelpName = "FILE" };
        var port = new Option<int>("--port") { Description = "The port to listen on (localhost).", DefaultValueFactory = _ => 7070 };
        var model = NnOptions.Model("The zoo model (default mlp).");
        var clients = Clients();
        var perRound = new Option<int>("--clients-per-round") { Description = "Clients selected per round (0: all).", DefaultValueFactory = _ => 0, HelpName = "M" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of training.", DefaultValueFactory = _ => 5, HelpName = "R" };
        var timeout = new Option<double>("--round-timeout") { Description = "Seconds a round waits before closing with two thirds of its updates.", DefaultValueFactory = _ => 300, HelpName = "S" };
        var secagg = new Option<bool>("--secagg") { Description = "Secure aggregation: the server learns only each round's sum (of the weighted updates and of the weights)." };
        var degree = new Option<int>("--secagg-degree") { Description = "SecAgg+ graph degree (even, ≥ 4, below the clients per round); 0 for the complete graph.", DefaultValueFactory = _ => 0, HelpName = "K" };
        var meanExamples = new Option<double>("--examples-per-client") { Description = "Secure aggregation: the mean shard size a weight of 1 stands for (0: 60,000 / clients).", DefaultValueFactory = _ => 0, HelpName = "N" };
        var maxWeight = new Option<double>("--max-weight") { Description = "Secure aggregation: the largest weight, in mean shards; larger shards count as this.", DefaultValueFactory = _ => 4, HelpName = "W" };
        var dpOptions = new FlDpOptions();
        var stepTimeout = new Option<double>("--step-timeout") { Description = "Seconds each secure-aggregation step waits before missing clients count as dropped.", DefaultValueFactory = _ => 60, HelpName = "S" };
        var seed = Seed();
        var json = CommonOptions.Json();
        var command = new Command("server", "Run the FedAvg coordinator until the last round closes, then report the model's test accuracy.")
        {
            keys, state, port, model, clients, perRound, rounds, timeout, secagg, degree, meanExamples, maxWeight, stepTimeout, seed, json,
        };
        foreach (Option option in dpOptions.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            int n = parse.GetValue(clients), m = parse.GetValue(perRound), r = parse.GetValue(rounds);
            if (n < 1 || m < 0 || m > n || r < 1)
            {
                throw new CliUsageException($"--clients must be positive, --clients-per-round in [0, {n}] and --rounds positive.");
            }

            var options = new CoordinatorOptions
            {
                Model = parse.GetValue(model) ?? "mlp",
                Clients = n,
                ClientsPerRound = m,
                Rounds = r,
                SecAggDegree = parse.GetValue(degree),
                MeanExamples = parse.GetValue(meanExamples),
                MaxWeight = parse.GetValue(maxWeight),
                Dp = dpOptions.Read(parse, n, m == 0 ? n : m, r),
                Seed = parse.GetValue(seed),
                RoundTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout) > 0 ? parse.GetValue(timeout) : throw new CliUsageException("--round-timeout must be positive.")),
                SecureAggregation = parse.GetValue(secagg),
                StepTimeout = TimeSpan.FromSeconds(parse.GetValue(stepTimeout) > 0 ? parse.GetValue(stepTimeout) : throw new CliUsageException("--step-timeout must be positive.")),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException($"invalid federation: {e.Message.Split('\n')[0].Split(" (Parameter")[0]}");
            }

            string directory = parse.GetValue(keys)!;
            using var certificate = PinnedCertificates.LoadPfx(Path.Combine(directory, FederationKeys.ServerFile));
            ClientRegistry registry = ClientRegistry.Load(Path.Combine(directory, FederationKeys.RegistryFile));
            using var coordinator = new FederatedCoordinator(options, parse.GetValue(state)!);
            int resumed = coordinator.CurrentRound;
            CoordinatorHost host;
            try
            {
                host = CoordinatorHost.StartAsync(coordinator, certificate, registry, parse.GetValue(port)).GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                throw new CliUsageException(e.Message);
            }

            context.Error.WriteLine($"veil fl server: listening on https://localhost:{host.Port}, round {coordinator.CurrentRound} of {options.Rounds}");
            while (!coordinator.IsDone)
            {
                coordinator.Tick();
                Thread.Sleep(100);
            }

            // Let clients collect their final "done" before the server goes away.
            Thread.Sleep(1500);
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Sequential trained = ModelZoo.Create(options.Model, options.Seed);
            ModelVector.Write(coordinator.GlobalWeights(), trained);
            double accuracy = BackendEvaluator.Evaluate(new PlainBackend(), trained, MnistDataset.LoadEmbedded(MnistSplit.Test)).Accuracy;
            var result = new JsonObject
            {
                ["model"] = options.Model,
                ["clients"] = options.Clients,
                ["rounds"] = options.Rounds,
                ["resumed_at_round"] = resumed,
                ["secure_aggregation"] = options.SecureAggregation,
                ["secagg_degree"] = options.SecAggDegree,
                ["test_accuracy"] = Math.Round(accuracy, 4),
                ["dp_noise_multiplier"] = options.Dp?.NoiseMultiplier,
                ["epsilon"] = options.Dp is null ? null : Math.Round(coordinator.Epsilon, 4),
                ["delta"] = options.Dp?.Delta,
                ["clip_norm"] = coordinator.ClipNorm,
            };
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, result);
            }
            else
            {
                context.Out.WriteLine($"{options.Model} trained by {options.Clients} clients over {options.Rounds} rounds: test accuracy {accuracy:P2}"
                    + (options.Dp is null ? "" : $", client-level DP ε = {coordinator.Epsilon:F2} at δ = {options.Dp.Delta:G2}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Client(CliContext context)
    {
        var keys = KeysDirectory();
        var id = new Option<int>("--id") { Description = "This client's id.", Required = true, HelpName = "K" };
        var server = new Option<string>("--server") { Description = "The coordinator's address.", DefaultValueFactory = _ => "https://localhost:7070", HelpName = "URL" };
        var clients = Clients();
        var nonIid = new Option<double?>("--non-iid") { Description = "The Dirichlet α of the split this client's shard comes from (IID when absent).", HelpName = "ALPHA" };
        var epochs = new Option<int>("--local-epochs") { Description = "Local epochs per round.", DefaultValueFactory = _ => 1, HelpName = "E" };
        var lr = new Option<double>("--lr") { Description = "Client SGD learning rate.", DefaultValueFactory = _ => 0.05, HelpName = "RATE" };
        var patience = new Option<double>("--patience") { Description = "Seconds the coordinator may be unreachable before giving up.", DefaultValueFactory = _ => 60, HelpName = "S" };
        var seed = Seed();
        var json = CommonOptions.Json();
        var command = new Command("client", "Take part in a federation as client K: train on this client's shard when selected, until training is over.")
        {
            keys, id, server, clients, nonIid, epochs, lr, patience, seed, json,
        };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(clients), k = parse.GetValue(id);
            if (k < 0 || k >= n)
            {
                throw new CliUsageException($"--id must be in [0, {n}), not {k}.");
            }

            if (!Uri.TryCreate(parse.GetValue(server), UriKind.Absolute, out Uri? address) || address.Scheme != Uri.UriSchemeHttps)
            {
                throw new CliUsageException($"--server must be an https address, not '{parse.GetValue(server)}'.");
            }

            // The demonstration's data owners hold disjoint shards of the embedded training images, cut by the same
            // seeded split every client computes; a real client would load its own data instead.
            MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
            int[][] shards = parse.GetValue(nonIid) is double alpha
                ? ClientPartitioner.Dirichlet(train.Labels, n, alpha, parse.GetValue(seed))
                : ClientPartitioner.Iid(train.Count, n, parse.GetValue(seed));
            string directory = parse.GetValue(keys)!;
            using var certificate = PinnedCertificates.LoadPfx(Path.Combine(directory, FederationKeys.ClientFile(k)));
            using var client = new FederatedClient(address, FederationKeys.ReadServerPin(directory), certificate, k)
            {
                Patience = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(patience))),
            };
            var strategy = new FederatedStrategy { LocalEpochs = parse.GetValue(epochs), ClientLearningRate = parse.GetValue(lr) };
            ClientSummary summary = client.RunAsync(train.Subset(shards[k]), strategy).GetAwaiter().GetResult();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, new JsonObject { ["client"] = k, ["rounds_trained"] = summary.RoundsTrained, ["bytes_sent"] = summary.BytesSent });
            }
            else
            {
                context.Out.WriteLine($"client {k}: trained in {summary.RoundsTrained} rounds, sent {summary.BytesSent / 1e6:F1} MB");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

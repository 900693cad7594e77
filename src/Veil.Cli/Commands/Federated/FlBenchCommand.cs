using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Output;
using Veil.Federated.Orleans;
using Veil.Federated.SecureAggregation;

namespace Veil.Cli.Commands.Federated;

/// <summary><c>veil fl bench</c>: one secure-aggregation round over random vectors, with a share of the clients
/// dropping after sending their shares (the server's costliest case), timed and checked against the plain sum.</summary>
internal static class FlBenchCommand
{
    public static Command Create(CliContext context)
    {
        var clients = new Option<int>("--clients") { Description = "Clients in the round.", DefaultValueFactory = _ => 100, HelpName = "N" };
        var parameters = new Option<int>("--parameters") { Description = "Vector length (model parameters).", DefaultValueFactory = _ => 100_000, HelpName = "D" };
        var dropout = new Option<double>("--dropout") { Description = "Fraction of clients that drop after sharing keys (≤ 1/3).", DefaultValueFactory = _ => 1.0 / 3, HelpName = "F" };
        var degree = new Option<int>("--degree") { Description = "SecAgg+ graph degree (even, ≥ 4); 0 for the complete graph.", DefaultValueFactory = _ => 0, HelpName = "K" };
        var silos = new Option<int>("--silos") { Description = "Run the round through a local Orleans cluster of this many silos (masked vectors summed and masks removed on 16 shard grains); 0 runs it in this process.", DefaultValueFactory = _ => 0, HelpName = "S" };
        var json = CommonOptions.Json();
        var command = new Command("bench", "Time one secure-aggregation round (server and clients) and check its sum.") { clients, parameters, dropout, degree, silos, json };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(clients), d = parse.GetValue(parameters), k = parse.GetValue(degree);
            double drop = parse.GetValue(dropout);
            if (n is < 3 or > 100_000 || d is < 1 or > 10_000_000 || drop is < 0 or > 1.0 / 3)
            {
                throw new CliUsageException($"need 3 ≤ --clients ≤ 100000 (got {n}), 1 ≤ --parameters ≤ 10^7 (got {d}), 0 ≤ --dropout ≤ 1/3 (got {drop}).");
            }

            int s = parse.GetValue(silos);
            if (s is < 0 or > 16)
            {
                throw new CliUsageException($"--silos must be between 0 and 16, not {s}.");
            }

            if (k != 0 && (k < 4 || k % 2 != 0 || k >= n))
            {
                throw new CliUsageException($"--degree must be 0 or even, at least 4 and below --clients, not {k}.");
            }

            int[] ids = [.. Enumerable.Range(0, n)];
            SecAggGraph graph = k == 0 ? SecAggGraph.Complete(ids) : SecAggGraph.Harary(ids, k, seed: 1);
            var random = new System.Random(1);
            var inputs = ids.ToDictionary(i => i, _ => Enumerable.Range(0, d).Select(_ => (uint)random.Next()).ToArray());
            int[] gone = [.. ids.OrderBy(_ => random.Next()).Take((int)Math.Floor(drop * n))];
            var dropouts = new SecAggDropouts(new HashSet<int>(), new HashSet<int>(), new HashSet<int>(gone), new HashSet<int>());
            var clock = Stopwatch.StartNew();
            (uint[] sum, IReadOnlyList<int> included, double serverSeconds, JsonObject clientCosts) = s == 0
                ? InProcess(new SecAggRound(RandomNumberGenerator.GetBytes(16), graph, d), inputs, dropouts)
                : OnCluster(s, k, inputs, dropouts).GetAwaiter().GetResult();
            double total = clock.Elapsed.TotalSeconds;
            uint[] expected = new uint[d];
            foreach (int c in included)
            {
                for (int i = 0; i < d; i++)
                {
                    expected[i] += inputs[c][i];
                }
            }

            bool exact = expected.AsSpan().SequenceEqual(sum);
            var result = new JsonObject
            {
                ["clients"] = n,
                ["parameters"] = d,
                ["graph_degree"] = graph.Degree,
                ["threshold"] = graph.Threshold,
                ["dropped"] = gone.Length,
                ["silos"] = s,
                ["server_unmasking_seconds"] = Math.Round(serverSeconds, 3),
                ["round_seconds"] = Math.Round(total, 2),
            };
            foreach ((string key, JsonNode? value) in clientCosts)
            {
                result[key] = value?.DeepClone();
            }

            result["sum_exact"] = exact;
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, result);
            }
            else
            {
                var table = new Table().AddColumn("").AddColumn(new TableColumn("value").RightAligned());
                foreach ((string key, JsonNode? value) in result)
                {
                    table.AddRow(key, value?.ToJsonString() ?? "");
                }

                context.Terminal.Write(table);
            }

            return exact ? ExitCodes.Success : throw new InvalidOperationException("the secure sum differs from the plain sum");
        });
        return command;
    }

    private static (uint[] Sum, IReadOnlyList<int> Included, double ServerSeconds, JsonObject ClientCosts) InProcess(
        SecAggRound round, Dictionary<int, uint[]> inputs, SecAggDropouts dropouts)
    {
        SecAggOutcome outcome = InProcessSecAgg.Run(round, inputs, dropouts);
        var costs = new JsonObject
        {
            ["client_seconds_mean"] = Math.Round(outcome.ClientTime.TotalSeconds / inputs.Count, 4),
            ["upload_bytes_per_client"] = Math.Round(outcome.UploadBytesPerClient),
            ["upload_ratio"] = Math.Round(outcome.UploadBytesPerClient / (4.0 * round.VectorLength), 4),
        };
        return (outcome.Sum, outcome.Included, outcome.ServerUnmasking.TotalSeconds, costs);
    }

    /// <summary>The same round through a local Orleans cluster: the server's figure is the finish (rebuilding the
    /// secrets and the shards removing the masks in parallel).</summary>
    private static async Task<(uint[] Sum, IReadOnlyList<int> Included, double ServerSeconds, JsonObject ClientCosts)> OnCluster(
        int silos, int degree, Dictionary<int, uint[]> inputs, SecAggDropouts dropouts)
    {
        await using OrleansCluster cluster = await OrleansCluster.StartAsync(silos).ConfigureAwait(false);
        SecureSum result = await ClusterSecAgg.RunAsync(cluster.Grains, "bench/1", inputs, degree, shards: 16, dropouts).ConfigureAwait(false);
        return (result.Sum, result.Survivors, result.ServerSeconds, new JsonObject { ["silos_used"] = result.Silos.Length });
    }
}

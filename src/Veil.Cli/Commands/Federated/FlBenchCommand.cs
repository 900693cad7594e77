using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Output;
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
        var json = CommonOptions.Json();
        var command = new Command("bench", "Time one secure-aggregation round (server and clients) and check its sum.") { clients, parameters, dropout, degree, json };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(clients), d = parse.GetValue(parameters), k = parse.GetValue(degree);
            double drop = parse.GetValue(dropout);
            if (n is < 3 or > 100_000 || d is < 1 or > 10_000_000 || drop is < 0 or > 1.0 / 3)
            {
                throw new CliUsageException($"need 3 ≤ --clients ≤ 100000 (got {n}), 1 ≤ --parameters ≤ 10^7 (got {d}), 0 ≤ --dropout ≤ 1/3 (got {drop}).");
            }

            if (k != 0 && (k < 4 || k % 2 != 0 || k >= n))
            {
                throw new CliUsageException($"--degree must be 0 or even, at least 4 and below --clients, not {k}.");
            }

            int[] ids = [.. Enumerable.Range(0, n)];
            SecAggGraph graph = k == 0 ? SecAggGraph.Complete(ids) : SecAggGraph.Harary(ids, k, seed: 1);
            var round = new SecAggRound(RandomNumberGenerator.GetBytes(16), graph, d);
            var random = new System.Random(1);
            var inputs = ids.ToDictionary(i => i, _ => Enumerable.Range(0, d).Select(_ => (uint)random.Next()).ToArray());
            int[] gone = [.. ids.OrderBy(_ => random.Next()).Take((int)Math.Floor(drop * n))];
            var dropouts = new SecAggDropouts(new HashSet<int>(), new HashSet<int>(), new HashSet<int>(gone), new HashSet<int>());
            var clock = Stopwatch.StartNew();
            SecAggOutcome outcome = InProcessSecAgg.Run(round, inputs, dropouts);
            double total = clock.Elapsed.TotalSeconds;
            uint[] expected = new uint[d];
            foreach (int c in outcome.Included)
            {
                for (int i = 0; i < d; i++)
                {
                    expected[i] += inputs[c][i];
                }
            }

            bool exact = expected.AsSpan().SequenceEqual(outcome.Sum);
            var result = new JsonObject
            {
                ["clients"] = n,
                ["parameters"] = d,
                ["graph_degree"] = graph.Degree,
                ["threshold"] = graph.Threshold,
                ["dropped"] = gone.Length,
                ["server_unmasking_seconds"] = Math.Round(outcome.ServerUnmasking.TotalSeconds, 3),
                ["client_seconds_mean"] = Math.Round(outcome.ClientTime.TotalSeconds / n, 4),
                ["round_seconds"] = Math.Round(total, 2),
                ["upload_bytes_per_client"] = Math.Round(outcome.UploadBytesPerClient),
                ["upload_ratio"] = Math.Round(outcome.UploadBytesPerClient / (4.0 * d), 4),
                ["sum_exact"] = exact,
            };
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
}

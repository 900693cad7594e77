using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Veil.Cli.Output;
using Veil.Federated.Orleans;

namespace Veil.Cli.Commands.Federated;

/// <summary><c>veil fl scale</c>: how many client updates per second an Orleans cluster of this machine's silos
/// aggregates (submission through the coordinator grain to the shard grains, then closing the round).</summary>
internal static class FlScaleCommand
{
    public static Command Create(CliContext context)
    {
        var silos = new Option<int>("--silos") { Description = "Silos in the local cluster (1 is the embedded default).", DefaultValueFactory = _ => 1, HelpName = "S" };
        var clients = new Option<int>("--clients") { Description = "Updates per round.", DefaultValueFactory = _ => 200, HelpName = "N" };
        var parameters = new Option<int>("--parameters") { Description = "Update length.", DefaultValueFactory = _ => 100_000, HelpName = "D" };
        var shards = new Option<int>("--shards") { Description = "Aggregation shards per round.", DefaultValueFactory = _ => 16, HelpName = "K" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds timed (after one warm-up round).", DefaultValueFactory = _ => 3, HelpName = "R" };
        var state = new Option<FileInfo?>("--state") { Description = "Keep grain state in this new SQLite file (durable, each update written before it is acknowledged); default: in memory.", HelpName = "FILE" };
        var json = CommonOptions.Json();
        var command = new Command("scale", "Measure aggregation throughput on a local Orleans cluster (clients per second).") { silos, clients, parameters, shards, rounds, state, json };
        command.SetAction(parse =>
        {
            int s = parse.GetValue(silos), n = parse.GetValue(clients), d = parse.GetValue(parameters), k = parse.GetValue(shards), r = parse.GetValue(rounds);
            if (s is < 1 or > 16 || n < 1 || d < 1 || k < 1 || r < 1)
            {
                throw new CliUsageException($"need 1 ≤ --silos ≤ 16 and positive --clients, --parameters, --shards, --rounds (got {s}, {n}, {d}, {k}, {r}).");
            }

            FileInfo? file = parse.GetValue(state);
            if (file is { Exists: true })
            {
                throw new CliUsageException($"--state {file.FullName} already exists; the benchmark starts a new federation in a new file.");
            }

            double[] rates = Measure(s, n, d, k, r, file?.FullName).GetAwaiter().GetResult();
            Array.Sort(rates);
            var result = new JsonObject
            {
                ["silos"] = s,
                ["clients"] = n,
                ["parameters"] = d,
                ["shards"] = k,
                ["storage"] = file is null ? "memory" : "sqlite",
                ["clients_per_second_median"] = Math.Round(rates[rates.Length / 2], 1),
                ["clients_per_second"] = new JsonArray([.. rates.Select(v => (JsonNode?)Math.Round(v, 1))]),
            };
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, result);
            }
            else
            {
                context.Out.WriteLine($"{s} silo(s): {rates[rates.Length / 2]:F1} client updates of {d:N0} values aggregated per second (median of {r} rounds)");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<double[]> Measure(int silos, int clients, int parameters, int shards, int rounds, string? statePath)
    {
        await using OrleansCluster cluster = await OrleansCluster.StartAsync(silos, statePath).ConfigureAwait(false);
        ICoordinatorGrain coordinator = cluster.Grains.GetGrain<ICoordinatorGrain>("scale");
        await coordinator.Start(new float[parameters], shards).ConfigureAwait(false);
        var random = new System.Random(1);
        float[][] updates = [.. Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, parameters).Select(_ => (float)random.NextDouble() * 1e-3f).ToArray())];
        var rates = new List<double>();
        for (int round = 1; round <= rounds + 1; round++)
        {
            var clock = Stopwatch.StartNew();
            int current = round;
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => coordinator.Submit(c, current, updates[c % updates.Length], 1))).ConfigureAwait(false);
            await coordinator.CloseRound().ConfigureAwait(false);
            if (round > 1)
            {
                rates.Add(clients / clock.Elapsed.TotalSeconds);
            }
        }

        return [.. rates];
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;
using Veil.Cli.Commands.Nn;
using Veil.Cli.Output;
using Veil.Mpc.Deployment;
using Veil.Mpc.Nn;
using Veil.Mpc.Transport;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// <c>veil mpc bench --model NAME [--batch B]</c>: one batch of MNIST test images through a secure inference with the
/// two parties and the dealer as separate processes over loopback TLS, timed on demand (preprocessing included) and
/// online (preprocessing prefetched), per image, next to the same model's plaintext latency in this process.
/// </summary>
internal static class MpcBenchCommand
{
    public static Command Create(CliContext context)
    {
        var model = NnOptions.Model("A zoo model: the shipped weights if present, random weights of its shapes otherwise.");
        var file = NnOptions.ModelFile();
        var batch = new Option<int>("--batch") { Description = "Images per batch (one tensor through every layer).", DefaultValueFactory = _ => 1, HelpName = "B" };
        var repeat = new Option<int>("--repeat", "-r") { Description = "Timed repetitions after a warm-up (medians are reported).", DefaultValueFactory = _ => 5, HelpName = "R" };
        var emulate = new Option<string?>("--network") { Description = "Emulate a network on every link: lan (0.2 ms, 1 Gb/s) or wan (40 ms, 100 Mb/s). --rtt and --bandwidth override its values.", HelpName = "lan|wan" };
        var rtt = new Option<double?>("--rtt") { Description = "Emulated round-trip time in milliseconds, added to loopback's own.", HelpName = "MS" };
        var preprocessing = MpcCommand.PreprocessingOption();
        var bandwidth = new Option<double?>("--bandwidth") { Description = "Emulated rate of each link and direction in Mb/s (0 = unlimited).", HelpName = "MBPS" };
        var json = CommonOptions.Json();
        var command = new Command("bench", "Measure secure inference of a model per image: online and total latency, bytes and rounds; two parties and a dealer as processes over loopback TLS, optionally on an emulated LAN or WAN.")
        {
            model, file, batch, repeat, emulate, rtt, bandwidth, preprocessing, json,
        };
        command.SetAction(parse =>
        {
            int b = MpcCommand.InRange(parse.GetValue(batch), 1, 1024, "--batch");
            int r = MpcCommand.InRange(parse.GetValue(repeat), 1, 100, "--repeat");
            var (network, weights) = Load(parse.GetValue(model), parse.GetValue(file));
            if (!SecureModel.Supports(network, out string reason))
            {
                throw new CliUsageException($"model '{network.Name}' cannot run under MPC: {reason}.");
            }

            NetworkConditions? conditions = Conditions(parse.GetValue(emulate), parse.GetValue(rtt), parse.GetValue(bandwidth));
            Tensor images = MnistPreprocessing.ImagesNew(MnistDataset.LoadEmbedded(MnistSplit.Test), 0, b);
            PreprocessingKind source = MpcCommand.Preprocessing(parse.GetValue(preprocessing));
            JsonObject result = Measure(network, images, r, conditions, source);
            result["weights"] = weights;
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, result);
            }
            else
            {
                var table = new Table().AddColumns("Model", "Batch", "Online s / image", "Total s / image", "Bytes / image", "Rounds", "Plaintext s / image", "Slowdown (total)");
                table.AddRow(network.Name, $"{b}", $"{result["latency_online_seconds"]!.GetValue<double>():F4}", $"{result["latency_total_seconds"]!.GetValue<double>():F4}",
                    MpcPartyCommand.Bytes((long)result["bytes"]!.GetValue<double>()), $"{result["rounds"]}",
                    $"{result["plaintext_seconds"]!.GetValue<double>():E2}", $"{result["slowdown_total"]!.GetValue<double>():F0}×");
                context.Terminal.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static (Sequential Model, string Weights) Load(string? name, string? file)
    {
        if (file is null && name is not null && ModelZoo.TryGet(name, out ZooEntry? entry) && !ShippedModels.Names().Contains(name))
        {
            return (entry.Create(seed: 1), "random");
        }

        return (NnOptions.LoadModel(name, file), file is null ? "shipped" : "file");
    }

    /// <summary>The emulated network of the options, or null for plain loopback.</summary>
    /// <exception cref="CliUsageException">An option is out of range or the preset unknown.</exception>
    internal static NetworkConditions? Conditions(string? preset, double? rtt, double? bandwidth)
    {
        NetworkConditions? conditions = preset?.ToLowerInvariant() switch
        {
            null => null,
            "lan" => NetworkConditions.Lan,
            "wan" => NetworkConditions.Wan,
            _ => throw new CliUsageException($"--network must be lan or wan, not '{preset}'."),
        };
        if (rtt is null && bandwidth is null)
        {
            return conditions;
        }

        if (rtt is < 0 or > 10_000 || bandwidth is < 0 or > 1e6 || (bandwidth is > 0 and < 0.001))
        {
            throw new CliUsageException("--rtt must be 0 to 10,000 ms and --bandwidth 0 (unlimited) or 0.001 to 1,000,000 Mb/s.");
        }

        conditions ??= new NetworkConditions();
        return conditions with
        {
            RoundTrip = rtt is { } ms ? TimeSpan.FromMilliseconds(ms) : conditions.RoundTrip,
            BitsPerSecond = bandwidth is { } mbps ? mbps * 1e6 : conditions.BitsPerSecond,
        };
    }

    private static JsonObject Measure(Sequential model, Tensor images, int repeat, NetworkConditions? conditions, PreprocessingKind preprocessing)
    {
        int b = images.Shape[0];
        var logits = new Tensor(b, model.OutputShape.ElementCount);
        using var session = new MpcInferenceSession(model, repeat, b, conditions, preprocessing);
        session.Infer(images, logits);
        JsonObject[] parties = session.Reports.Where(r => r["role"]?.GetValue<string>() == "party").ToArray();
        JsonObject owner = parties[1];
        double online = owner["latency_online_seconds"]!.GetValue<double>();
        double total = owner["latency_total_seconds"]!.GetValue<double>();
        double bytes = parties.Sum(p => p["bytes"]!.GetValue<double>());
        double plain = PlaintextSeconds(model, images, repeat);
        var secure = new int[b];
        var expected = new int[b];
        Tensor.ArgMaxRows(logits, secure);
        model.Classify(images, expected);
        return new JsonObject
        {
            ["model"] = model.Name,
            ["batch"] = b,
            ["repeat"] = repeat,
            ["transport"] = "tls",
            ["network"] = conditions?.ToString() ?? "loopback",
            ["preprocessing"] = preprocessing.Name(),
            ["parties"] = 2,
            ["latency_online_seconds"] = online / b,
            ["latency_total_seconds"] = total / b,
            ["bytes"] = bytes / b,
            ["rounds"] = parties[0]["rounds"]!.GetValue<long>(),
            ["latency_on_demand_seconds"] = owner["latency_on_demand_seconds"]!.GetValue<double>() / b,
            ["batch_latency_online_seconds"] = online,
            ["batch_latency_total_seconds"] = total,
            ["preprocessing_seconds"] = owner["preprocessing_seconds"]!.GetValue<double>() / b,
            ["online_bytes_per_party"] = parties[0]["online_bytes"]!.GetValue<double>() / b,
            ["setup_seconds"] = owner["setup_seconds"]!.GetValue<double>(),
            ["first_pass_seconds"] = owner["first_pass_seconds"]!.GetValue<double>(),
            ["first_pass_bytes"] = parties.Sum(p => p["first_pass_bytes"]!.GetValue<double>()),
            ["setup_bytes"] = parties.Sum(p => p["setup_bytes"]!.GetValue<double>()),
            ["plaintext_seconds"] = plain / b,
            ["slowdown_total"] = total / plain,
            ["slowdown_online"] = online / plain,
            ["predictions_equal"] = secure.AsSpan().SequenceEqual(expected) ? b : secure.Zip(expected).Count(p => p.First == p.Second),
            ["operations"] = owner["operations"]!.DeepClone(),
            ["machine"] = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, load {LoadAverage()}",
        };
    }

    /// <summary>The median of a batch's plaintext forward pass in this process (float32), after a warm-up.</summary>
    private static double PlaintextSeconds(Sequential model, Tensor images, int repeat)
    {
        model.PredictNew(images);
        var times = new List<double>();
        for (int i = 0; i < Math.Max(repeat, 21); i++)
        {
            var clock = Stopwatch.StartNew();
            model.PredictNew(images);
            times.Add(clock.Elapsed.TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    internal static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Veil.Mpc.Deployment;
using Veil.Nn;
using Veil.Nn.Zoo;

namespace Veil.Mpc.Nn.Training;

/// <summary>
/// The party job of secure training (kind "training"): every party is a data owner holding its horizontal part of the
/// training set in its own files; the initial weights come from the zoo architecture and the public seed (party 0
/// shares them); the parties train with <see cref="SecureTrainer"/>, and the trained weights are opened to the
/// receiver alone, which writes them as a model file. With <see cref="Curve"/> the receiver also gets the model after
/// every epoch (for a learning curve; it then learns the intermediate models too).
/// </summary>
/// <remarks>
/// Description: <c>{ "kind": "training", "model": NAME, "epochs": E, "batch": B, "learning_rate": LR, "seed": S,
/// "limit": N, "counts": [n0, n1, ...], "images": [FILE0, FILE1, ...], "labels": [FILE0, FILE1, ...], "receiver": 0,
/// "output": FILE, "curve": false }</c>: each party reads only its own entry of "images" (an <see cref="InputBatchFile"/>
/// of its inputs) and "labels" (one value per input). Reports (JSON): seconds, per-batch times, bytes and rounds.
/// Thread-safety: immutable; one job per party process.
/// </remarks>
public sealed class SecureTrainingJob : IMpcJob
{
    /// <summary>The job kind in a parties file.</summary>
    public const string Kind = "training";

    /// <summary>Creates a job; see the remarks of the type for the meaning of each value.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range, or the model is not in the zoo or cannot be trained under MPC.</exception>
    public SecureTrainingJob(string model, SecureTrainingOptions options, IReadOnlyList<int> counts, IReadOnlyList<string> images, IReadOnlyList<string> labels,
        int receiver, string output, bool curve = false, Action<SecureBatchProgress>? progress = null)
    {
        Model = Guard.NotNull(model);
        Guard.IsTrue(ModelZoo.TryGet(model, out ZooEntry? entry), nameof(model), $"is not a zoo model ({string.Join(", ", ModelZoo.Names)})");
        Guard.IsTrue(SecureNetwork.Supports(entry!.Create(0), out string reason), nameof(model), $"cannot be trained under MPC: {reason}");
        Options = Guard.NotNull(options);
        options.Validate();
        Split = new HorizontalSplit(Guard.NotNull(counts));
        Images = [.. Guard.NotNull(images)];
        Labels = [.. Guard.NotNull(labels)];
        Guard.IsTrue(Images.Count == counts.Count && Labels.Count == counts.Count, nameof(images), "must name one file per owner");
        Receiver = Guard.InRange(receiver, 0, counts.Count - 1);
        Output = Guard.NotNull(output);
        Curve = curve;
        Progress = progress;
    }

    /// <summary>The zoo architecture.</summary>
    public string Model { get; }

    /// <summary>The recipe.</summary>
    public SecureTrainingOptions Options { get; }

    /// <summary>The owners' example counts (one owner per party).</summary>
    public HorizontalSplit Split { get; }

    /// <summary>Each owner's input file.</summary>
    public IReadOnlyList<string> Images { get; }

    /// <summary>Each owner's label file.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The party that learns the trained model.</summary>
    public int Receiver { get; }

    /// <summary>Where the receiver writes the trained model.</summary>
    public string Output { get; }

    /// <summary>Whether the receiver also gets the model after each epoch (written as OUTPUT.epochN).</summary>
    public bool Curve { get; }

    /// <summary>Called on this party after each step, or null.</summary>
    public Action<SecureBatchProgress>? Progress { get; }

    /// <summary>The file of the model after epoch <paramref name="epoch"/> when <see cref="Curve"/> is set.</summary>
    public static string EpochFile(string output, int epoch) => $"{output}.epoch{epoch.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads a job from its description in a parties file.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public static SecureTrainingJob FromDescription(JsonObject description, Action<SecureBatchProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(description);
        string Text(string key) => description[key]?.GetValue<string>() ?? throw new ArgumentException($"\"{key}\" is missing.");
        T[] Array<T>(string key) => description[key]?.AsArray().Select(v => v!.GetValue<T>()).ToArray() ?? throw new ArgumentException($"\"{key}\" is missing.");
        var options = new SecureTrainingOptions
        {
            Epochs = description["epochs"]?.GetValue<int>() ?? 5,
            BatchSize = description["batch"]?.GetValue<int>() ?? 128,
            LearningRate = description["learning_rate"]?.GetValue<double>() ?? new SecureTrainingOptions().LearningRate,
            Seed = description["seed"]?.GetValue<int>() ?? 1,
            Limit = description["limit"]?.GetValue<int>() ?? 0,
        };
        return new SecureTrainingJob(Text("model"), options, Array<int>("counts"), Array<string>("images"), Array<string>("labels"),
            description["receiver"]?.GetValue<int>() ?? 0, Text("output"), description["curve"]?.GetValue<bool>() ?? false, progress);
    }

    /// <summary>This job's description for a parties file.</summary>
    public JsonObject ToDescription() => new()
    {
        ["kind"] = Kind, ["model"] = Model, ["epochs"] = Options.Epochs, ["batch"] = Options.BatchSize,
        ["learning_rate"] = Options.LearningRate, ["seed"] = Options.Seed, ["limit"] = Options.Limit,
        ["counts"] = new JsonArray([.. Split.Counts.Select(c => (JsonNode)c)]),
        ["images"] = new JsonArray([.. Images.Select(f => (JsonNode)f)]),
        ["labels"] = new JsonArray([.. Labels.Select(f => (JsonNode)f)]),
        ["receiver"] = Receiver, ["output"] = Output, ["curve"] = Curve,
    };

    /// <inheritdoc />
    /// <exception cref="VeilFormatException">This party's files are missing, corrupt, or do not match its count.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public JsonObject Run(MpcContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Guard.IsTrue(Split.Owners == context.PartyCount, nameof(context), $"has {context.PartyCount} parties; the job names {Split.Owners} owners");
        int me = context.PartyId;
        Sequential initial = ModelZoo.Create(Model, Options.Seed);
        OwnerExamples mine = ReadExamples(me, initial.InputShape.ElementCount);

        var clock = Stopwatch.StartNew();
        OperationStats start = context.Stats.Total;
        var network = SecureNetwork.Share(context, initial, owner: 0);
        var trainer = new SecureTrainer(network, Options, Split, mine);
        var steps = new List<SecureBatchProgress>();
        trainer.Train(step =>
        {
            steps.Add(step);
            Progress?.Invoke(step);
        }, epoch =>
        {
            if (Curve && epoch < Options.Epochs)
            {
                if (network.RevealTo(Receiver) is { } model)
                {
                    Veil.Nn.Serialization.ModelFile.Save(model, EpochFile(Output, epoch));
                }
            }
        });
        double trainingSeconds = clock.Elapsed.TotalSeconds;
        Sequential? trained = network.RevealTo(Receiver);
        if (trained is not null)
        {
            Veil.Nn.Serialization.ModelFile.Save(trained, Output);
        }

        OperationStats total = context.Stats.Total.Minus(start);
        return Report(steps, trainingSeconds, total, trained is not null);
    }

    private JsonObject Report(List<SecureBatchProgress> steps, double seconds, OperationStats total, bool received)
    {
        // Time the full batches only (the last batch of an epoch may be smaller), unless there are none.
        bool anyFull = steps.Exists(s => s.Examples == Options.BatchSize);
        SecureBatchProgress[] full = steps.Where(s => !anyFull || s.Examples == Options.BatchSize).ToArray();
        double[] times = full.Select(s => s.Seconds).Order().ToArray();
        return new JsonObject
        {
            ["job"] = Kind,
            ["model"] = Model,
            ["epochs"] = Options.Epochs,
            ["batch"] = Options.BatchSize,
            ["examples"] = steps.Count == 0 ? 0 : steps.Where(s => s.Epoch == 1).Sum(s => s.Examples),
            ["batches"] = steps.Count,
            ["step_size"] = Options.StepSize.ToString(),
            ["seconds"] = seconds,
            ["batch_seconds_median"] = times.Length == 0 ? 0 : times[times.Length / 2],
            ["batch_seconds_mean"] = times.Length == 0 ? 0 : times.Average(),
            ["batches_requested_ahead"] = steps.Count(s => s.RequestedAhead),
            ["batch_bytes"] = full.Length == 0 ? 0 : (long)full.Average(s => s.Bytes),
            ["batch_rounds"] = full.Length == 0 ? 0 : full[^1].Rounds,
            ["bytes"] = total.BytesSent + total.DealerBytesSent + total.DealerBytesReceived,
            ["rounds"] = total.Rounds,
            ["received_model"] = received,
        };
    }

    private OwnerExamples ReadExamples(int me, int inputSize)
    {
        int count = Split.Counts[me];
        if (count == 0)
        {
            return OwnerExamples.None(inputSize);
        }

        var (inputs, n, size) = InputBatchFile.Read(Images[me]);
        var (labels, m, one) = InputBatchFile.Read(Labels[me]);
        if (n != count || size != inputSize || m != count || one != 1)
        {
            throw new VeilFormatException($"{Images[me]}, {Labels[me]}: hold {n} inputs of {size} values and {m} labels of {one}; party {me} owns {count} examples of {inputSize} values and one label each.");
        }

        return new OwnerExamples(inputs, labels.Select(l => (int)l).ToArray(), inputSize);
    }
}

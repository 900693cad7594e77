using System.Diagnostics;
using System.Text.Json.Nodes;
using Veil.Mpc.Deployment;
using Veil.Mpc.Preprocessing;
using Veil.Nn;
using Veil.Nn.Serialization;

namespace Veil.Mpc.Nn;

/// <summary>
/// The party job of secure inference (kind "inference"): the model owner reads the model file, every other party an
/// architecture file (the same model with its weights zeroed: the architecture is public), the data owner reads the
/// inputs; the weights are shared once, then the inputs go through in batches, and only the data owner learns the
/// predicted classes (secure argmax). In benchmark mode (<see cref="Repeat"/> &gt; 0) one batch of all inputs is
/// measured: on demand (preprocessing included), then with its preprocessing prefetched and the online phase alone.
/// </summary>
/// <remarks>
/// Description: <c>{ "kind": "inference", "model": FILE, "architecture": FILE, "inputs": FILE, "count": N,
/// "batch": B, "repeat": R, "model_owner": 0, "data_owner": 1 }</c>. Reports (JSON): setup and inference seconds,
/// rounds, bytes (this party's traffic with parties and dealer), and on the data owner the predictions.
/// Thread-safety: immutable; one job per party process.
/// </remarks>
public sealed class SecureInferenceJob : IMpcJob
{
    /// <summary>The job kind in a parties file.</summary>
    public const string Kind = "inference";

    /// <summary>Creates a job; see the remarks of the type for the meaning of each value.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the owners coincide.</exception>
    public SecureInferenceJob(string modelFile, string architectureFile, string inputsFile, int count, int batch, int repeat = 0, int modelOwner = 0, int dataOwner = 1)
    {
        ModelFile = Guard.NotNull(modelFile);
        ArchitectureFile = Guard.NotNull(architectureFile);
        InputsFile = Guard.NotNull(inputsFile);
        Count = Guard.Positive(count);
        Batch = Guard.InRange(batch, 1, 10_000);
        Repeat = Guard.InRange(repeat, 0, 1000);
        ModelOwner = Guard.NotNegative(modelOwner);
        DataOwner = Guard.NotNegative(dataOwner);
        Guard.IsTrue(modelOwner != dataOwner, nameof(dataOwner), "must differ from the model owner");
    }

    /// <summary>The model file (read by the model owner only).</summary>
    public string ModelFile { get; }

    /// <summary>The architecture file: the model with zeroed weights (read by every other party).</summary>
    public string ArchitectureFile { get; }

    /// <summary>The inputs (an <see cref="InputBatchFile"/>, read by the data owner only).</summary>
    public string InputsFile { get; }

    /// <summary>The number of inputs (public: every party needs the shapes).</summary>
    public int Count { get; }

    /// <summary>Inputs per batch (evaluation mode).</summary>
    public int Batch { get; }

    /// <summary>0 to evaluate; otherwise the number of timed repetitions of one batch of all inputs.</summary>
    public int Repeat { get; }

    /// <summary>The party that owns the weights.</summary>
    public int ModelOwner { get; }

    /// <summary>The party that owns the inputs and learns the predictions.</summary>
    public int DataOwner { get; }

    /// <summary>Reads a job from its description in a parties file.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public static SecureInferenceJob FromDescription(JsonObject description)
    {
        ArgumentNullException.ThrowIfNull(description);
        string Text(string key) => description[key]?.GetValue<string>() ?? throw new ArgumentException($"\"{key}\" is missing.");
        int count = description["count"]?.GetValue<int>() ?? throw new ArgumentException("\"count\" is missing.");
        return new SecureInferenceJob(Text("model"), Text("architecture"), Text("inputs"), count,
            description["batch"]?.GetValue<int>() ?? 128, description["repeat"]?.GetValue<int>() ?? 0,
            description["model_owner"]?.GetValue<int>() ?? 0, description["data_owner"]?.GetValue<int>() ?? 1);
    }

    /// <summary>This job's description for a parties file.</summary>
    public JsonObject ToDescription() => new()
    {
        ["kind"] = Kind, ["model"] = ModelFile, ["architecture"] = ArchitectureFile, ["inputs"] = InputsFile,
        ["count"] = Count, ["batch"] = Batch, ["repeat"] = Repeat, ["model_owner"] = ModelOwner, ["data_owner"] = DataOwner,
    };

    /// <inheritdoc />
    /// <exception cref="VeilFormatException">A file is missing, corrupt, or the inputs do not match the model or count.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public JsonObject Run(MpcContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Guard.IsTrue(ModelOwner < context.PartyCount && DataOwner < context.PartyCount, nameof(context), "has fewer parties than the job's owners");
        int me = context.PartyId;
        Sequential architecture = Veil.Nn.Serialization.ModelFile.Load(me == ModelOwner ? ModelFile : ArchitectureFile);
        float[] inputs = me == DataOwner ? ReadInputs(architecture.InputShape.ElementCount) : [];

        var clock = Stopwatch.StartNew();
        OperationStats start = context.Stats.Total;
        var model = SecureModel.Share(context, architecture, ModelOwner);
        var report = new JsonObject
        {
            ["job"] = Kind,
            ["model"] = architecture.Name,
            ["images"] = Count,
            ["setup_seconds"] = clock.Elapsed.TotalSeconds,
            ["setup_bytes"] = Traffic(context.Stats.Total.Minus(start)),
        };

        var runner = new BatchRunner(context, model, DataOwner, architecture.InputShape.ElementCount);
        if (Repeat == 0)
        {
            runner.Evaluate(inputs, Count, Batch, report);
        }
        else
        {
            runner.Benchmark(inputs, Count, Repeat, report);
        }

        return report;
    }

    /// <summary>All bytes of this party's traffic: sent to parties and dealer, received from the dealer.</summary>
    internal static long Traffic(OperationStats stats) => stats.BytesSent + stats.DealerBytesSent + stats.DealerBytesReceived;

    private float[] ReadInputs(int size)
    {
        var (values, count, inputSize) = InputBatchFile.Read(InputsFile);
        if (count != Count || inputSize != size)
        {
            throw new VeilFormatException($"{InputsFile}: holds {count} inputs of {inputSize} values; the job expects {Count} of {size}.");
        }

        return values;
    }
}

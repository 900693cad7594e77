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
/// Serving (<see cref="Serve"/>): the session stays up and classifies batches handed to the data owner through a
/// <see cref="SecureInferenceQueue"/> until the data owner ends it; the data owner then runs inside the client's
/// process (it holds the inputs), and <see cref="Count"/> is the largest batch.
/// </summary>
/// <remarks>
/// Description: <c>{ "kind": "inference", "model": FILE, "architecture": FILE, "inputs": FILE, "count": N,
/// "batch": B, "repeat": R, "model_owner": 0, "data_owner": 1, "serve": false }</c>. Reports (JSON): setup and inference seconds,
/// rounds, bytes (this party's traffic with parties and dealer), and on the data owner the predictions.
/// Thread-safety: immutable; one job per party process.
/// </remarks>
public sealed class SecureInferenceJob : IMpcJob
{
    /// <summary>The job kind in a parties file.</summary>
    public const string Kind = "inference";

    /// <summary>Creates a job; see the remarks of the type for the meaning of each value.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the owners coincide.</exception>
    /// <param name="modelFile">The model file (the model owner's).</param>
    /// <param name="architectureFile">The model with zeroed weights (every other party's).</param>
    /// <param name="inputsFile">The inputs (the data owner's; unused when serving).</param>
    /// <param name="count">The number of inputs; when serving, the largest batch.</param>
    /// <param name="batch">Inputs per batch.</param>
    /// <param name="repeat">0 to evaluate; otherwise timed repetitions of one batch.</param>
    /// <param name="modelOwner">The party that owns the weights.</param>
    /// <param name="dataOwner">The party that owns the inputs.</param>
    /// <param name="serve">Serve batches from <paramref name="requests"/> until the data owner ends the session.</param>
    /// <param name="requests">On the data owner of a serving session: where its batches come from.</param>
    public SecureInferenceJob(
        string modelFile, string architectureFile, string inputsFile, int count, int batch, int repeat = 0, int modelOwner = 0, int dataOwner = 1,
        bool serve = false, SecureInferenceQueue? requests = null)
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
        Guard.IsTrue(!serve || repeat == 0, nameof(repeat), "must be 0 when serving");
        Serve = serve;
        Requests = requests;
    }

    /// <summary>Whether the session serves batches until the data owner ends it (see the type's summary).</summary>
    public bool Serve { get; }

    /// <summary>On the data owner of a serving session, where its batches come from; null elsewhere.</summary>
    public SecureInferenceQueue? Requests { get; }

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
            description["model_owner"]?.GetValue<int>() ?? 0, description["data_owner"]?.GetValue<int>() ?? 1,
            description["serve"]?.GetValue<bool>() ?? false);
    }

    /// <summary>This job's description for a parties file.</summary>
    public JsonObject ToDescription() => new()
    {
        ["kind"] = Kind, ["model"] = ModelFile, ["architecture"] = ArchitectureFile, ["inputs"] = InputsFile,
        ["count"] = Count, ["batch"] = Batch, ["repeat"] = Repeat, ["model_owner"] = ModelOwner, ["data_owner"] = DataOwner,
        ["serve"] = Serve,
    };

    /// <inheritdoc />
    /// <exception cref="VeilFormatException">A file is missing, corrupt, or the inputs do not match the model or count.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public JsonObject Run(MpcContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Guard.IsTrue(ModelOwner < context.PartyCount && DataOwner < context.PartyCount, nameof(context), "has fewer parties than the job's owners");
        int me = context.PartyId;
        if (Serve && me == DataOwner && Requests is null)
        {
            throw new VeilFormatException("the data owner of a serving inference session runs inside the client's process, which holds the inputs; it cannot be started as a party process.");
        }

        try
        {
            return RunParty(context, me);
        }
        catch (Exception error) when (Requests is not null)
        {
            // The client waiting on the queue learns of the failure at once, not at its timeout.
            Requests.Fail(error);
            throw;
        }
    }

    private JsonObject RunParty(MpcContext context, int me)
    {

        Sequential architecture = Veil.Nn.Serialization.ModelFile.Load(me == ModelOwner ? ModelFile : ArchitectureFile);
        float[] inputs = me == DataOwner && !Serve ? ReadInputs(architecture.InputShape.ElementCount) : [];

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
        if (Serve)
        {
            runner.Serve(me == DataOwner ? Requests : null, Count, report);
        }
        else if (Repeat == 0)
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

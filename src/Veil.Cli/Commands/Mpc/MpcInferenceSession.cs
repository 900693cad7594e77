using System.Diagnostics;
using System.Text.Json.Nodes;
using Veil.Mpc.Deployment;
using Veil.Mpc.Nn;
using Veil.Mpc.Transport;
using Veil.Nn;
using Veil.Nn.Inference;
using Veil.Nn.Serialization;
using Veil.Tensors;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// Runs <see cref="SecureInferenceJob"/> on a batch of images with fresh keys in a temporary directory: the model file
/// for party 0, an architecture file (the weights zeroed) for party 1, the images for party 1, and the two parties
/// and the dealer as separate processes over loopback TLS, on an emulated network when <paramref name="network"/> is
/// given. Each <see cref="Infer"/> call is one session. With dealer-free <paramref name="preprocessing"/> the two
/// parties make the correlations themselves and no dealer process runs.
/// </summary>
/// <remarks>Thread-safety: not thread-safe.</remarks>
internal sealed class MpcInferenceSession(Sequential model, int repeat, int batch, NetworkConditions? network = null,
    PreprocessingKind preprocessing = PreprocessingKind.Dealer) : IInferenceSession
{
    private const int DataOwner = 1;

    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);

    public int MaxBatchSize => 10_000;

    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <summary>The reports of the last run's endpoints, by id (the dealer last).</summary>
    public IReadOnlyList<JsonObject> Reports { get; private set; } = [];

    public void Infer(Tensor images, Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(logits);
        int n = images.Shape[0];
        int classes = model.OutputShape.ElementCount;
        Guard.IsTrue(logits.Shape == new TensorShape(n, classes), nameof(logits), $"has shape {logits.Shape}; expected [{n}, {classes}]");
        var directory = Directory.CreateTempSubdirectory("veil-mpc-eval");
        try
        {
            var (modelFile, architectureFile) = InferenceFiles.Write(directory.FullName, model);
            string inputsFile = Path.Combine(directory.FullName, "inputs.bin");
            InputBatchFile.Write(inputsFile, images.Span, n, images.Length / n);
            var job = new SecureInferenceJob(modelFile, architectureFile, inputsFile, n, Math.Min(batch, n), repeat);
            int[] ports = Enumerable.Range(0, preprocessing.Endpoints(2)).Select(_ => LocalSession.FreeLoopbackPort()).ToArray();
            string file = SessionKeys.Create(directory.FullName, 2, ["127.0.0.1"], ports, job.ToDescription(), overwrite: false, preprocessing);
            SessionConfig session = SessionConfig.Load(file);
            if (network is not null)
            {
                session = session with { Network = network };
                session.Save(file);
            }

            var clock = Stopwatch.StartNew();
            IReadOnlyList<EndpointProcess> runs = PartyProcesses.RunAll(file, session, MpcRunCommand.Limit(session));
            if (runs.FirstOrDefault(r => r.Process.ExitCode != 0) is { } failed)
            {
                throw new VeilException($"secure inference failed: {failed.Name}: {failed.ErrorLine.Replace("veil: ", "", StringComparison.Ordinal)}");
            }

            Reports = runs.Select(r => r.Report ?? throw new VeilException($"{r.Name} printed no report.")).ToArray();
            Collect(n, clock.Elapsed.TotalSeconds);
            FillOneHot(Reports[DataOwner]["predictions"]!.AsArray(), logits, classes);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public void Dispose()
    {
    }

    private static void FillOneHot(JsonArray predictions, Tensor logits, int classes)
    {
        int n = logits.Shape[0];
        if (predictions.Count != n)
        {
            throw new VeilException($"the data owner reported {predictions.Count} predictions for {n} images.");
        }

        Span<float> rows = logits.Span;
        rows.Clear();
        for (int i = 0; i < n; i++)
        {
            int c = predictions[i]!.GetValue<int>();
            rows[(i * classes) + Math.Clamp(c, 0, classes - 1)] = 1f;
        }
    }

    private void Collect(int images, double processSeconds)
    {
        JsonObject[] parties = Reports.Where(r => r["role"]?.GetValue<string>() == "party").ToArray();
        Add(InferenceMetrics.Images, images);
        Add(InferenceMetrics.Bytes, parties.Sum(r => r["bytes"]!.GetValue<double>()));
        Add(InferenceMetrics.Rounds, parties[0]["rounds"]!.GetValue<double>());
        Add(InferenceMetrics.PreprocessingSeconds, parties[DataOwner]["preprocessing_seconds"]!.GetValue<double>());
        Add("setup_bytes", parties.Sum(r => r["setup_bytes"]!.GetValue<double>()));
        Add("setup_seconds", parties[DataOwner]["setup_seconds"]!.GetValue<double>());
        Add("online_seconds", parties[DataOwner]["online_seconds"]?.GetValue<double>() ?? 0);
        Add("process_seconds", processSeconds);
    }

    private void Add(string key, double value) => _metrics[key] = _metrics.GetValueOrDefault(key) + value;
}

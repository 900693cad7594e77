using System.Diagnostics;
using Veil.Mpc.Deployment;
using Veil.Mpc.Nn;
using Veil.Nn;
using Veil.Nn.Inference;
using Veil.Nn.Serialization;
using Veil.Tensors;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// The <c>mpc</c> backend's session: opening it writes fresh keys and certificates to a temporary directory, starts
/// the model owner (party 1, holding the weights) and the dealer as separate processes, and connects this process to
/// them over mutually authenticated TLS as the data owner (party 0, holding the images); the weights are shared once.
/// Each <see cref="Infer"/> then costs only the protocol of its batch. Only this process learns the predicted
/// classes; the logits stay shared, so each row of the output is a one-hot vector of the class.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; one caller at a time (the protocol itself runs on the session's own
/// thread).</remarks>
internal sealed class MpcServingSession : IInferenceSession
{
    /// <summary>The largest batch one call takes: the protocol's buffers grow with it, and larger batches gain little.</summary>
    public const int MaxBatch = 128;

    private const int DataOwner = 0;
    private const int ModelOwner = 1;

    private static readonly TimeSpan OpenTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(10);

    private readonly Sequential _model;
    private readonly DirectoryInfo _directory;
    private readonly List<EndpointProcess> _processes = [];
    private readonly SecureInferenceQueue _queue;
    private readonly Thread _protocol;
    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Starts the session for <paramref name="model"/>.</summary>
    /// <exception cref="VeilException">A party could not start or connect.</exception>
    public MpcServingSession(Sequential model)
    {
        _model = model;
        _queue = new SecureInferenceQueue(MaxBatch, model.InputShape.ElementCount);
        _directory = Directory.CreateTempSubdirectory("veil-mpc-session");
        var clock = Stopwatch.StartNew();
        try
        {
            var (modelFile, architectureFile) = InferenceFiles.Write(_directory.FullName, model);
            var job = new SecureInferenceJob(modelFile, architectureFile, inputsFile: "", MaxBatch, MaxBatch, modelOwner: ModelOwner, dataOwner: DataOwner, serve: true);
            int[] ports = Enumerable.Range(0, 3).Select(_ => LocalSession.FreeLoopbackPort()).ToArray();
            string file = SessionKeys.Create(_directory.FullName, 2, ["127.0.0.1"], ports, job.ToDescription(), overwrite: false);
            SessionConfig config = SessionConfig.Load(file);
            PartyProcesses.Start(file, config, [ModelOwner, config.DealerId], _processes);

            // This process is the data owner: its job takes batches from the queue.
            var catalog = new MpcJobCatalog();
            var ownJob = new SecureInferenceJob(modelFile, architectureFile, "", MaxBatch, MaxBatch, modelOwner: ModelOwner, dataOwner: DataOwner, serve: true, requests: _queue);
            catalog.Register(SecureInferenceJob.Kind, _ => ownJob);
            _protocol = new Thread(() => RunDataOwner(config, catalog)) { IsBackground = true, Name = "veil mpc data owner" };
            _protocol.Start();

            // The first batch proves the session is up (sharing the weights done); its answer is not kept.
            Infer(new Tensor(model.InputShape.Prepend(1)), new Tensor(1, model.OutputShape.ElementCount));
            _metrics.Clear();
            _metrics["setup_seconds"] = clock.Elapsed.TotalSeconds;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int MaxBatchSize => MaxBatch;

    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <summary>The model owner's and the dealer's processes (for tests that make a peer fail).</summary>
    internal IReadOnlyList<EndpointProcess> Processes => _processes;

    public void Infer(Tensor images, Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(logits);
        ObjectDisposedException.ThrowIf(_disposed, this);
        int n = images.Shape[0];
        int classes = _model.OutputShape.ElementCount;
        Guard.IsTrue(logits.Shape == new TensorShape(n, classes), nameof(logits), $"has shape {logits.Shape}; expected [{n}, {classes}]");
        SecureBatchResult result;
        try
        {
            result = _queue.Classify(images.Span, n, BatchTimeout);
        }
        catch (Veil.Mpc.MpcProtocolException error)
        {
            throw new VeilException($"secure inference failed: {PeerError() ?? error.Message}", error);
        }

        Span<float> rows = logits.Span;
        rows.Clear();
        for (int i = 0; i < n; i++)
        {
            rows[(i * classes) + Math.Clamp(result.Classes[i], 0, classes - 1)] = 1f;
        }

        Add(InferenceMetrics.Images, n);
        Add(InferenceMetrics.Bytes, result.Bytes);
        Add(InferenceMetrics.Rounds, result.Rounds);
        Add(InferenceMetrics.PreprocessingSeconds, result.PreprocessingSeconds);
        Add("online_seconds", result.Seconds - result.PreprocessingSeconds);
    }

    /// <summary>Ends the session: tells the parties no batch follows, waits for them (killing any that hang), and
    /// deletes the keys.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.Complete();
        _protocol?.Join(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        foreach (EndpointProcess run in _processes)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (!run.Process.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                run.Process.Kill(entireProcessTree: true);
            }

            run.Process.Dispose();
        }

        _queue.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind is not worth failing the caller for.
        }
    }

    private void RunDataOwner(SessionConfig config, MpcJobCatalog catalog)
    {
        try
        {
            PartyRunner.Run(config, DataOwner, catalog);
        }
        catch (Exception error)
        {
            _queue.Fail(error);
        }
    }

    /// <summary>The error line of a party or dealer process that has failed, if any.</summary>
    private string? PeerError()
    {
        foreach (EndpointProcess run in _processes)
        {
            if (run.Process.WaitForExit(TimeSpan.FromSeconds(2)) && run.Process.ExitCode != 0)
            {
                return $"{run.Name}: {run.ErrorLine.Replace("veil: ", "", StringComparison.Ordinal)}";
            }
        }

        return null;
    }

    private void Add(string key, double value) => _metrics[key] = _metrics.GetValueOrDefault(key) + value;
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Veil.Mpc.Deployment;
using Veil.Mpc.Nn;
using Veil.Mpc.Transport;
using Veil.Nn;
using Veil.Nn.Inference;
using Veil.Tensors;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// The <c>mpc</c> backend's session: three processes over mutually authenticated TLS, each in a directory of its own
/// (<see cref="StdioParty"/>): the data owner (party 0, which alone receives the images and learns the classes), the
/// model owner (party 1, which alone reads the weights) and the dealer (none when the two parties make their own
/// correlations by oblivious transfer or homomorphic encryption). Each makes its key in its own memory and
/// tells this process only the certificate's pin; this process pins them all in the session it hands each one, then
/// passes batches to the data owner and reads back the classes. The weights are shared once; each
/// <see cref="Infer"/> then costs only the protocol of its batch. The logits stay shared, so each row of the output
/// is a one-hot vector of the class.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; one caller at a time.</remarks>
internal sealed class MpcServingSession : IInferenceSession
{
    /// <summary>The largest batch one call takes with the dealer: the protocol's buffers grow with it, and larger
    /// batches gain little.</summary>
    public const int MaxBatch = 128;

    /// <summary>The largest batch without a dealer: the parties' own preprocessing of a batch travels in messages
    /// that grow with it (oblivious transfer sends 16 bytes per OT, and lenet's comparisons take millions of OTs per
    /// image), and batching saves those sources little.</summary>
    public const int MaxDealerFreeBatch = 16;

    private const int DataOwner = 0;
    private const int ModelOwner = 1;
    private const int Dealer = 2;

    private static readonly TimeSpan OpenTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(10);

    private readonly Sequential _model;
    private readonly int _maxBatch;
    private readonly List<DirectoryInfo> _directories = [];
    private readonly List<StdioEndpoint> _processes = [];
    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);
    private readonly StdioEndpoint? _dataOwner;
    private bool _disposed;

    /// <summary>Starts the session for <paramref name="model"/>, with a dealer process unless the parties make their own
    /// correlations (<paramref name="preprocessing"/>).</summary>
    /// <exception cref="VeilException">A party could not start or connect.</exception>
    public MpcServingSession(Sequential model, PreprocessingKind preprocessing = PreprocessingKind.Dealer)
    {
        _model = model;
        _maxBatch = preprocessing == PreprocessingKind.Dealer ? MaxBatch : MaxDealerFreeBatch;
        var clock = Stopwatch.StartNew();
        try
        {
            // Each endpoint gets a private directory: the model owner's holds the model, the data owner's only the
            // architecture (public), the dealer's nothing.
            bool withDealer = preprocessing == PreprocessingKind.Dealer;
            string modelDirectory = NewDirectory("veil-mpc-model-owner");
            string dataDirectory = NewDirectory("veil-mpc-data-owner");
            var (modelFile, modelArchitecture) = InferenceFiles.Write(modelDirectory, model);
            string dataArchitecture = InferenceFiles.WriteArchitecture(dataDirectory, model);

            StdioEndpoint? dealer = withDealer ? Start(Dealer, "dealer", "dealer", NewDirectory("veil-mpc-dealer")) : null;
            var owner = Start(ModelOwner, "party1", "1", modelDirectory);
            _dataOwner = Start(DataOwner, "party0", "0", dataDirectory);
            StdioEndpoint[] byId = dealer is null ? [_dataOwner, owner] : [_dataOwner, owner, dealer];
            var endpoints = byId.Select(e => new TlsEndpoint(e.Id, e.Name, "127.0.0.1", LocalSession.FreeLoopbackPort(), ReadPin(e))).ToArray();

            // Every endpoint gets the same pins and ports; the job names only the files in that endpoint's directory
            // (the data owner's "model" is the architecture: it never learns where the weights are).
            var ownerJob = new SecureInferenceJob(modelFile, modelArchitecture, "", _maxBatch, _maxBatch, modelOwner: ModelOwner, dataOwner: DataOwner, serve: true);
            var dataJob = new SecureInferenceJob(dataArchitecture, dataArchitecture, "", _maxBatch, _maxBatch, modelOwner: ModelOwner, dataOwner: DataOwner, serve: true);
            if (dealer is not null)
            {
                Send(dealer, endpoints, job: null, preprocessing);
                dealer.CloseInput();
            }

            Send(owner, endpoints, ownerJob.ToDescription(), preprocessing);
            Send(_dataOwner, endpoints, dataJob.ToDescription(), preprocessing);
            owner.CloseInput();

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

    public int MaxBatchSize => _maxBatch;

    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <summary>The endpoints' processes (for tests that make a peer fail).</summary>
    internal IReadOnlyList<StdioEndpoint> Processes => _processes;

    public void Infer(Tensor images, Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(logits);
        ObjectDisposedException.ThrowIf(_disposed, this);
        int n = images.Shape[0];
        int classes = _model.OutputShape.ElementCount;
        Guard.IsTrue(logits.Shape == new TensorShape(n, classes), nameof(logits), $"has shape {logits.Shape}; expected [{n}, {classes}]");
        Guard.InRange(n, 1, _maxBatch, nameof(images));
        var request = new JsonObject
        {
            ["count"] = n,
            ["inputs"] = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(images.Span)),
        };
        StdioEndpoint owner = _dataOwner!;
        string? line = owner.WriteLine(request.ToJsonString()) ? owner.ReadLine(BatchTimeout) : null;
        JsonObject answer = Parse(line) ?? throw Failure("the data owner's process ended");
        if (answer["error"] is { } error)
        {
            throw Failure(error.GetValue<string>());
        }

        int[] predicted = answer["classes"]!.AsArray().Select(c => c!.GetValue<int>()).ToArray();
        Guard.LengthEquals(predicted.Length, n, "classes");
        Span<float> rows = logits.Span;
        rows.Clear();
        for (int i = 0; i < n; i++)
        {
            rows[(i * classes) + Math.Clamp(predicted[i], 0, classes - 1)] = 1f;
        }

        double seconds = answer["seconds"]!.GetValue<double>();
        double preprocessing = answer["preprocessing_seconds"]!.GetValue<double>();
        Add(InferenceMetrics.Images, n);
        Add(InferenceMetrics.Bytes, answer["bytes"]!.GetValue<long>());
        Add(InferenceMetrics.Rounds, answer["rounds"]!.GetValue<long>());
        Add(InferenceMetrics.PreprocessingSeconds, preprocessing);
        Add("online_seconds", seconds - preprocessing);
    }

    /// <summary>Ends the session: closes the data owner's input (no batch follows), waits for the three processes
    /// (killing any that hang), and deletes their directories.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _dataOwner?.CloseInput();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        foreach (StdioEndpoint process in _processes)
        {
            process.Stop(deadline - DateTime.UtcNow);
            process.Dispose();
        }

        foreach (DirectoryInfo directory in _directories)
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A temporary directory left behind is not worth failing the caller for.
            }
        }
    }

    private string NewDirectory(string prefix)
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory(prefix);
        _directories.Add(directory);
        return directory.FullName;
    }

    private StdioEndpoint Start(int id, string name, string argument, string directory)
    {
        StdioEndpoint endpoint = StdioEndpoint.Start(id, name, argument, directory);
        _processes.Add(endpoint);
        return endpoint;
    }

    private static string ReadPin(StdioEndpoint endpoint)
    {
        string? pin = Parse(endpoint.ReadLine(OpenTimeout))?["certificate_sha256"]?.GetValue<string>();
        return pin ?? throw new VeilException($"could not start the secure inference session: {endpoint.Name} did not start ({endpoint.ErrorLine}).");
    }

    private static void Send(StdioEndpoint endpoint, TlsEndpoint[] endpoints, JsonObject? job, PreprocessingKind preprocessing)
    {
        var session = new SessionConfig { Parties = 2, Endpoints = [.. endpoints], Job = job, Preprocessing = preprocessing };
        if (!endpoint.WriteLine(session.ToJsonLine()))
        {
            throw new VeilException($"could not start the secure inference session: {endpoint.Name} ended ({endpoint.ErrorLine}).");
        }
    }

    private static JsonObject? Parse(string? line)
    {
        try
        {
            return line is null ? null : JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The session's failure, naming the first endpoint whose process failed if one did.</summary>
    private VeilException Failure(string reason)
    {
        foreach (StdioEndpoint process in _processes)
        {
            if (process.Process.WaitForExit(TimeSpan.FromSeconds(2)) && process.Process.ExitCode != 0)
            {
                return new VeilException($"secure inference failed: {process.Name}: {process.ErrorLine}");
            }
        }

        return new VeilException($"secure inference failed: {reason}");
    }

    private void Add(string key, double value) => _metrics[key] = _metrics.GetValueOrDefault(key) + value;
}

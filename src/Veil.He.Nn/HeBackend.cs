using System.Diagnostics;
using Veil.He.Nn.Circuit;
using Veil.He.Nn.Planning;
using Veil.He.Nn.Protocol;
using Veil.He.Rlwe;
using Veil.Nn;
using Veil.Nn.Inference;
using Veil.Tensors;

namespace Veil.He.Nn;

/// <summary>
/// <c>veil eval --backend he</c>: the whole encrypted round trip in one process. The client makes keys, encrypts each
/// pass of images and decrypts the logits; the server, built from the model and the serialized evaluation keys only,
/// computes on ciphertexts that reach it serialized, as over a network. Reports
/// <see cref="InferenceMetrics.BytesIn"/>, <see cref="InferenceMetrics.BytesOut"/>,
/// <see cref="InferenceMetrics.EvalKeysBytes"/>, <see cref="InferenceMetrics.MaxLogitError"/> (against the same model
/// in the clear), <see cref="InferenceMetrics.PreprocessingSeconds"/> (planning and key generation) and
/// <see cref="InferenceMetrics.Images"/>. Without a fixed mode (the default) a session packs a batch of several images
/// in batch mode and a single image in latency mode (as <c>veil compare</c> expects), with one secret key.
/// </summary>
/// <remarks>Thread-safety: the backend is immutable; a session is used from one thread at a time.</remarks>
public sealed class HeBackend : IInferenceBackend
{
    /// <summary>Creates the backend.</summary>
    /// <param name="mode">The packing; null (the default) for batch packing of several images and latency packing of
    /// one.</param>
    /// <param name="threads">Threads the server uses; 0 for all processors.</param>
    public HeBackend(PackingMode? mode = null, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        Mode = mode;
        Threads = threads;
    }

    /// <summary>The packing, or null for automatic (batch for several images, latency for one).</summary>
    public PackingMode? Mode { get; }

    /// <summary>Server threads (0 = all processors).</summary>
    public int Threads { get; }

    /// <inheritdoc />
    public string Name => "he";

    /// <inheritdoc />
    public string Description => "CKKS homomorphic encryption: client encrypts, server computes on ciphertexts (batch packing; latency for one image)";

    /// <inheritdoc />
    public int DemoImages => 1000;

    /// <summary>The same backend in another packing mode (null: automatic).</summary>
    public HeBackend WithMode(PackingMode? mode) => new(mode, Threads);

    /// <inheritdoc />
    public bool Supports(Sequential model, out string reason)
    {
        if (!ModelCompiler.Supports(model, out reason))
        {
            return false;
        }

        try
        {
            if (Mode is PackingMode mode)
            {
                return InferencePlanner.Plan(model, mode).FitsMemory(out reason);
            }

            return InferencePlanner.Plan(model, PackingMode.Batch).FitsMemory(out reason) ||
                InferencePlanner.Plan(model, PackingMode.Latency).FitsMemory(out reason);
        }
        catch (UnsupportedModelException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <inheritdoc />
    /// <exception cref="UnsupportedModelException">The model cannot run under CKKS.</exception>
    public IInferenceSession Open(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new Session(model, Mode, Threads);
    }

    /// <summary>A client and a server for one packing, the keys having travelled serialized.</summary>
    private sealed record Pair(HeInferenceClient Client, HeInferenceServer Server);

    private sealed class Session : IInferenceSession
    {
        private readonly Sequential _model;
        private readonly int _threads;
        private readonly Dictionary<string, double> _metrics = [];
        private readonly InferencePlan? _batchPlan;
        private InferencePlan? _latencyPlan;
        private readonly Pair? _batch;
        private Pair? _latency;
        private SecretKey? _secretKey;

        public Session(Sequential model, PackingMode? mode, int threads)
        {
            _model = model;
            _threads = threads;
            foreach (string name in new[] { InferenceMetrics.EvalKeysBytes, InferenceMetrics.PreprocessingSeconds, InferenceMetrics.BytesIn,
                InferenceMetrics.BytesOut, InferenceMetrics.MaxLogitError, InferenceMetrics.Images })
            {
                _metrics[name] = 0;
            }

            if (mode != PackingMode.Latency)
            {
                InferencePlan batch = InferencePlanner.Plan(model, PackingMode.Batch);
                if (mode == PackingMode.Batch || batch.FitsMemory(out _))
                {
                    _batchPlan = batch;
                    _batch = Connect(batch);
                }
            }

            if (_batchPlan is null)
            {
                _latencyPlan = InferencePlanner.Plan(model, PackingMode.Latency);
                _latency = Connect(_latencyPlan);
            }

            MaxBatchSize = _batchPlan?.MaxBatchSize ?? 1;
            AutoLatency = mode is null;
        }

        public int MaxBatchSize { get; }

        public IReadOnlyDictionary<string, double> Metrics => _metrics;

        /// <summary>Whether single images go through latency packing.</summary>
        private bool AutoLatency { get; }

        public void Infer(Tensor images, Tensor logits)
        {
            ArgumentNullException.ThrowIfNull(images);
            ArgumentNullException.ThrowIfNull(logits);
            Pair pair = PairFor(images.Shape[0]);
            Parameters parameters = pair.Client.Parameters;
            EncryptedValues upload = Transfer(pair.Client.Encrypt(images), parameters, InferenceMetrics.BytesIn);
            EncryptedValues download = Transfer(pair.Server.Infer(upload), parameters, InferenceMetrics.BytesOut);
            pair.Client.Decrypt(download, logits);

            Tensor expected = _model.PredictNew(images);
            double error = _metrics[InferenceMetrics.MaxLogitError];
            for (int i = 0; i < expected.Length; i++)
            {
                error = Math.Max(error, Math.Abs((double)expected.Span[i] - logits.Span[i]));
            }

            _metrics[InferenceMetrics.MaxLogitError] = error;
            _metrics[InferenceMetrics.Images] += images.Shape[0];
        }

        public void Dispose()
        {
        }

        private Pair PairFor(int images)
        {
            if (_batch is not null && (images > 1 || !AutoLatency))
            {
                return _batch;
            }

            if (_latency is null)
            {
                _latencyPlan = InferencePlanner.Plan(_model, PackingMode.Latency);
                _latency = Connect(_latencyPlan);
            }

            return _latency;
        }

        /// <summary>Makes the client (reusing the secret key when the parameters match), sends the evaluation keys
        /// serialized, and makes the server.</summary>
        private Pair Connect(InferencePlan plan)
        {
            var watch = Stopwatch.StartNew();
            var client = new HeInferenceClient(plan, _secretKey is not null && _secretKey.Parameters.Equals(plan.Parameters) ? _secretKey : null);
            _secretKey ??= client.SecretKey;
            using var keys = new MemoryStream();
            client.GenerateEvaluationKeys().WriteTo(keys);
            keys.Position = 0;
            var server = new HeInferenceServer(plan, EvaluationKeys.ReadFrom(keys, plan.Parameters), _threads);
            _metrics[InferenceMetrics.EvalKeysBytes] += keys.Length;
            _metrics[InferenceMetrics.PreprocessingSeconds] += watch.Elapsed.TotalSeconds;
            return new Pair(client, server);
        }

        /// <summary>Serializes and reads back, as a network would, counting the bytes.</summary>
        private EncryptedValues Transfer(EncryptedValues values, Parameters parameters, string metric)
        {
            using var stream = new MemoryStream(checked((int)values.SerializedSize));
            values.WriteTo(stream);
            _metrics[metric] += stream.Length;
            stream.Position = 0;
            return EncryptedValues.ReadFrom(stream, parameters);
        }
    }
}

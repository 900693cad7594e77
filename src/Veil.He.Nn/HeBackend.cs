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
/// <see cref="InferenceMetrics.Images"/>.
/// </summary>
/// <remarks>Thread-safety: the backend is immutable; a session is used from one thread at a time.</remarks>
public sealed class HeBackend : IInferenceBackend
{
    /// <summary>Creates the backend.</summary>
    /// <param name="mode">The packing. Batch packs up to N/2 images per pass.</param>
    /// <param name="threads">Threads the server uses; 0 for all processors.</param>
    public HeBackend(PackingMode mode = PackingMode.Batch, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        Mode = mode;
        Threads = threads;
    }

    /// <summary>The packing.</summary>
    public PackingMode Mode { get; }

    /// <summary>Server threads (0 = all processors).</summary>
    public int Threads { get; }

    /// <inheritdoc />
    public string Name => "he";

    /// <inheritdoc />
    public string Description => "CKKS homomorphic encryption: client encrypts, server computes on ciphertexts (batch packing)";

    /// <inheritdoc />
    public int DemoImages => 1000;

    /// <summary>The same backend in another packing mode.</summary>
    public HeBackend WithMode(PackingMode mode) => new(mode, Threads);

    /// <inheritdoc />
    public bool Supports(Sequential model, out string reason)
    {
        if (!ModelCompiler.Supports(model, out reason))
        {
            return false;
        }

        try
        {
            return InferencePlanner.Plan(model, Mode).FitsMemory(out reason);
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

    private sealed class Session : IInferenceSession
    {
        private readonly Sequential _model;
        private readonly HeInferenceClient _client;
        private readonly HeInferenceServer _server;
        private readonly Dictionary<string, double> _metrics = [];

        public Session(Sequential model, PackingMode mode, int threads)
        {
            var watch = Stopwatch.StartNew();
            _model = model;
            InferencePlan plan = InferencePlanner.Plan(model, mode);
            _client = new HeInferenceClient(plan);
            using var keys = new MemoryStream();
            _client.GenerateEvaluationKeys().WriteTo(keys);
            keys.Position = 0;
            _server = new HeInferenceServer(plan, EvaluationKeys.ReadFrom(keys, plan.Parameters), threads);
            _metrics[InferenceMetrics.EvalKeysBytes] = keys.Length;
            _metrics[InferenceMetrics.PreprocessingSeconds] = watch.Elapsed.TotalSeconds;
            _metrics[InferenceMetrics.BytesIn] = 0;
            _metrics[InferenceMetrics.BytesOut] = 0;
            _metrics[InferenceMetrics.MaxLogitError] = 0;
            _metrics[InferenceMetrics.Images] = 0;
            MaxBatchSize = plan.MaxBatchSize;
        }

        public int MaxBatchSize { get; }

        public IReadOnlyDictionary<string, double> Metrics => _metrics;

        public void Infer(Tensor images, Tensor logits)
        {
            ArgumentNullException.ThrowIfNull(images);
            ArgumentNullException.ThrowIfNull(logits);
            Parameters parameters = _client.Parameters;
            EncryptedValues upload = Transfer(_client.Encrypt(images), parameters, InferenceMetrics.BytesIn);
            EncryptedValues download = Transfer(_server.Infer(upload), parameters, InferenceMetrics.BytesOut);
            _client.Decrypt(download, logits);

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

        /// <summary>Serializes and reads back, as a network would, counting the bytes.</summary>
        private EncryptedValues Transfer(EncryptedValues values, Parameters parameters, string metric)
        {
            using var stream = new MemoryStream();
            values.WriteTo(stream);
            _metrics[metric] += stream.Length;
            stream.Position = 0;
            return EncryptedValues.ReadFrom(stream, parameters);
        }
    }
}

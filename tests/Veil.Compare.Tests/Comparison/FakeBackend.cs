using Veil.Nn;
using Veil.Nn.Inference;
using Veil.Tensors;

namespace Veil.Compare.Tests.Comparison;

/// <summary>A backend double: runs the model in the clear, batches up to <paramref name="maxBatch"/>, counts 100
/// bytes per image and 5 rounds per call, refuses the models named in <paramref name="unsupported"/> and throws on
/// the model named <paramref name="failOn"/>.</summary>
internal sealed class FakeBackend(string name, int maxBatch, string[]? unsupported = null, string? failOn = null) : IInferenceBackend
{
    public const double BytesPerImage = 100;
    public const double RoundsPerCall = 5;

    public string Name => name;

    public string Description => "test double";

    public int DemoImages => 10;

    public int Opened { get; private set; }

    public int Disposed { get; private set; }

    public int MaxBatch => maxBatch;

    public string? FailOn => failOn;

    public bool Supports(Sequential model, out string reason)
    {
        bool supported = unsupported is null || !unsupported.Contains(model.Name);
        reason = supported ? string.Empty : $"{name} cannot run {model.Name}";
        return supported;
    }

    public IInferenceSession Open(Sequential model)
    {
        Opened++;
        return new Session(this, model);
    }

    private sealed class Session(FakeBackend backend, Sequential model) : IInferenceSession
    {
        private readonly Dictionary<string, double> _metrics = new() { [InferenceMetrics.Bytes] = 0, [InferenceMetrics.Rounds] = 0 };

        public int MaxBatchSize => backend.MaxBatch;

        public IReadOnlyDictionary<string, double> Metrics => _metrics;

        public void Infer(Tensor images, Tensor logits)
        {
            Assert.InRange(images.Shape[0], 1, backend.MaxBatch);
            if (model.Name == backend.FailOn)
            {
                throw new VeilException($"{backend.Name} lost its peer\nwhile running {model.Name}");
            }

            model.Predict(images, logits);
            _metrics[InferenceMetrics.Bytes] += BytesPerImage * images.Shape[0];
            _metrics[InferenceMetrics.Rounds] += RoundsPerCall;
        }

        public void Dispose() => backend.Disposed++;
    }
}

using Veil.Tensors;

namespace Veil.Nn.Inference;

/// <summary>Inference in the clear, float32, batched: the reference every secure backend is compared with.</summary>
/// <remarks>Thread-safety: the backend is stateless; each session drives its own copy of the model.</remarks>
public sealed class PlainBackend : IInferenceBackend
{
    /// <summary>The batch size sessions use.</summary>
    public const int BatchSize = 1000;

    /// <inheritdoc />
    public string Name => "plain";

    /// <inheritdoc />
    public string Description => "in the clear (float32), batched";

    /// <inheritdoc />
    public int DemoImages => 10_000;

    /// <inheritdoc />
    public bool Supports(Sequential model, out string reason)
    {
        reason = string.Empty;
        return true;
    }

    /// <inheritdoc />
    public IInferenceSession Open(Sequential model) => new Session(Guard.NotNull(model));

    private sealed class Session(Sequential model) : IInferenceSession
    {
        public int MaxBatchSize => BatchSize;

        public IReadOnlyDictionary<string, double> Metrics { get; } = new Dictionary<string, double>();

        public void Infer(Tensor images, Tensor logits)
        {
            model.Predict(images, logits);
        }

        public void Dispose()
        {
        }
    }
}

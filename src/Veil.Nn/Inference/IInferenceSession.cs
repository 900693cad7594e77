using Veil.Tensors;

namespace Veil.Nn.Inference;

/// <summary>A model prepared on a backend, ready to classify batches.</summary>
/// <remarks>Thread-safety: not required; callers use a session from one thread at a time.</remarks>
public interface IInferenceSession : IDisposable
{
    /// <summary>The largest batch <see cref="Infer"/> takes at once.</summary>
    int MaxBatchSize { get; }

    /// <summary>Backend-specific measurements so far (e.g. bytes sent, rounds, ciphertext sizes), by name; may be empty.</summary>
    IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Computes the logits of a batch.</summary>
    /// <param name="images">[n, ...model input shape], preprocessed (<see cref="Data.MnistPreprocessing"/>), n ≤ <see cref="MaxBatchSize"/>.</param>
    /// <param name="logits">[n, classes]; receives the model's output as the client sees it (decrypted, reconstructed).</param>
    /// <exception cref="ArgumentException">A shape is wrong.</exception>
    /// <exception cref="VeilException">The backend fails (e.g. a peer disconnects).</exception>
    void Infer(Tensor images, Tensor logits);
}

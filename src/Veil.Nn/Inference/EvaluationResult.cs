namespace Veil.Nn.Inference;

/// <summary>The outcome of evaluating a model on test images with a backend.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Backend">The backend's name.</param>
/// <param name="Images">Images classified.</param>
/// <param name="Correct">Images classified correctly.</param>
/// <param name="Seconds">Wall-clock time of the inference itself (setup excluded).</param>
/// <param name="SetupSeconds">Wall-clock time of <see cref="IInferenceBackend.Open"/>.</param>
/// <param name="Metrics">The session's backend-specific measurements.</param>
public sealed record EvaluationResult(
    string Model, string Backend, int Images, int Correct, double Seconds, double SetupSeconds, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>Images whose predicted class equals the plaintext model's on the same image (outside the timing), or
    /// −1 when not checked.</summary>
    public int AgreesWithPlaintext { get; init; } = -1;

    /// <summary>The share classified correctly (0..1).</summary>
    public double Accuracy => Images == 0 ? 0 : (double)Correct / Images;

    /// <summary>Seconds per image.</summary>
    public double SecondsPerImage => Images == 0 ? 0 : Seconds / Images;

    /// <summary>Images per second.</summary>
    public double ImagesPerSecond => Seconds <= 0 ? 0 : Images / Seconds;
}

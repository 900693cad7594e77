namespace Veil.Compare.Comparison;

/// <summary>A model and backend that make no row, because the backend cannot run the model.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Backend">The backend's name.</param>
/// <param name="Reason">Why, e.g. "ReLU is not a polynomial".</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record SkippedPair(string Model, string Backend, string Reason);

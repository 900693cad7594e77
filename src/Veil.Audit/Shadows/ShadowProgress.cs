namespace Veil.Audit.Shadows;

/// <summary>Progress of shadow training: model <paramref name="Model"/> of <paramref name="Models"/> (from 1), and
/// the fraction of its training done.</summary>
/// <param name="Model">The model being trained, from 1.</param>
/// <param name="Models">How many models in all.</param>
/// <param name="Fraction">How much of this model's training is done, 0 to 1.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public readonly record struct ShadowProgress(int Model, int Models, double Fraction);

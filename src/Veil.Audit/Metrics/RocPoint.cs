namespace Veil.Audit.Metrics;

/// <summary>One point of a ROC curve: the false- and true-positive rates of one threshold.</summary>
/// <param name="Fpr">Fraction of non-members called members.</param>
/// <param name="Tpr">Fraction of members called members.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public readonly record struct RocPoint(double Fpr, double Tpr);

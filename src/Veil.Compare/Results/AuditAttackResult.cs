namespace Veil.Compare.Results;

/// <summary>One membership-inference attack's figures on one model.</summary>
/// <param name="Attack">The attack, e.g. "lira-online".</param>
/// <param name="Targets">Target points scored.</param>
/// <param name="Members">Members among them.</param>
/// <param name="Auc">Area under the ROC curve.</param>
/// <param name="AucLower">Lower end of its 95% bootstrap interval.</param>
/// <param name="AucUpper">Upper end of its 95% bootstrap interval.</param>
/// <param name="TprAt1PercentFpr">True-positive rate at 1% false-positive rate.</param>
/// <param name="TprAtTenthPercentFpr">True-positive rate at 0.1% false-positive rate.</param>
/// <param name="TprAtTenthPercentFprLower">Lower end of its 95% bootstrap interval.</param>
/// <param name="TprAtTenthPercentFprUpper">Upper end of its 95% bootstrap interval.</param>
/// <param name="Roc">The ROC curve, downsampled, as [FPR, TPR] pairs by increasing FPR.</param>
/// <remarks>Thread-safety: immutable by convention.</remarks>
public sealed record AuditAttackResult(
    string Attack, int Targets, int Members, double Auc, double AucLower, double AucUpper, double TprAt1PercentFpr,
    double TprAtTenthPercentFpr, double TprAtTenthPercentFprLower, double TprAtTenthPercentFprUpper, IReadOnlyList<double[]> Roc);

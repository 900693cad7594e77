using Veil.Privacy.Accounting;

namespace Veil.Privacy.DpSgd;

/// <summary>Where a DP-SGD run is: reported after every step.</summary>
/// <param name="Epoch">The current epoch, from 1.</param>
/// <param name="Epochs">The number of epochs.</param>
/// <param name="Step">Steps done in this epoch.</param>
/// <param name="StepsPerEpoch">Steps per epoch.</param>
/// <param name="Loss">The mean loss per example over this epoch's batches so far (not private).</param>
/// <param name="Epsilon">The epsilon spent by the end of the previous epoch (the plan's accountant), 0 in the first.</param>
public readonly record struct DpSgdProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss, double Epsilon);

/// <summary>The outcome of one DP-SGD epoch.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Loss">The mean training loss per example (not private: computed on the training data).</param>
/// <param name="TrainingAccuracy">The share of sampled examples classified correctly before each update (not private).</param>
/// <param name="ClippedFraction">The share of sampled examples whose gradient was clipped (not private).</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="Examples">Examples processed (the sum of the Poisson batch sizes).</param>
/// <param name="Steps">Steps taken since the start of training.</param>
/// <param name="Epsilon">The epsilon spent since the start of training, by the plan's accountant, at the run's delta.</param>
public sealed record DpSgdEpochReport(
    int Epoch, double Loss, double TrainingAccuracy, double ClippedFraction, double Seconds, int Examples, long Steps, double Epsilon);

/// <summary>The outcome of a DP-SGD run.</summary>
/// <param name="Plan">The settings as the accountant saw them.</param>
/// <param name="Epochs">One report per epoch.</param>
/// <param name="Rdp">The guarantee of the whole run by the RDP accountant.</param>
/// <param name="Prv">The PRV accountant's guarantee for the same steps (tighter), or null when it could not be computed
/// at this delta.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record DpSgdResult(DpSgdPlan Plan, IReadOnlyList<DpSgdEpochReport> Epochs, RdpGuarantee Rdp, PrvGuarantee? Prv)
{
    /// <summary>The guaranteed epsilon by the plan's accountant (<see cref="DpSgdPlan.Accountant"/>): the figure
    /// recorded as dp.epsilon. A PRV plan whose final composition failed falls back to RDP's (larger, still valid).</summary>
    public double Epsilon => EpsilonAccountant == AccountantKind.Prv ? Prv!.Epsilon : Rdp.Epsilon;

    /// <summary>The accountant behind <see cref="Epsilon"/>.</summary>
    public AccountantKind EpsilonAccountant => Plan.Accountant == AccountantKind.Prv && Prv is not null ? AccountantKind.Prv : AccountantKind.Rdp;
}

namespace Veil.Privacy.Accounting;

/// <summary>
/// The result of the PRV accountant at one delta: a point estimate of the true epsilon and a proven interval around
/// it. <see cref="Epsilon"/> is the guarantee to report: the upper end of the interval.
/// </summary>
/// <param name="Epsilon">The guaranteed epsilon: equal to <see cref="Upper"/>.</param>
/// <param name="Estimate">The epsilon of the discretised composition at exactly <see cref="Delta"/>.</param>
/// <param name="Lower">A lower bound on the true epsilon of the mechanism (no accountant can certify less).</param>
/// <param name="Upper">An upper bound on the true epsilon.</param>
/// <param name="Delta">The delta.</param>
/// <param name="MeshSize">The grid spacing of the discretised privacy loss.</param>
/// <param name="FftSize">The number of points of the composition.</param>
public sealed record PrvGuarantee(
    double Epsilon, double Estimate, double Lower, double Upper, double Delta, double MeshSize, int FftSize);

using Veil.Privacy.Accounting;
using Veil.Privacy.Sampling;

namespace Veil.Privacy.Mechanisms;

/// <summary>
/// Validated parameters of the (discrete) Gaussian mechanism: (epsilon, delta)-DP for a query whose L2 sensitivity is
/// <see cref="Sensitivity"/>, over vectors of <see cref="Dimension"/> coordinates, released on the grid of spacing
/// <see cref="Granularity"/>, with the noise calibrated exactly for the discrete distribution actually sampled.
/// </summary>
/// <remarks>
/// <para>Rounding to the grid moves each coordinate by at most half a step, so rounded neighbours differ by at most
/// Sensitivity + sqrt(Dimension) * Granularity in L2.</para>
/// <para>One coordinate: the rounded difference is an integer of at most floor(Sensitivity / Granularity) + 1 steps,
/// and sigma (in steps) is the smallest for which the exact profile of the discrete Gaussian
/// (<see cref="DiscreteGaussianProfile"/>, CKS20 Theorem 7) meets delta at epsilon: the tight calibration.</para>
/// <para>Vectors: for one coordinate and an integer shift mu, the discrete Gaussian's Renyi divergence is at most the
/// continuous one, alpha mu^2 / (2 sigma^2) (CKS20, Sec. 2: it satisfies the same concentrated DP); Renyi divergences
/// of independent coordinates add, so an integer shift of L2 norm at most D gives (alpha, alpha D^2 / (2 sigma^2))-RDP
/// at every order, that is (D^2 / (2 sigma^2))-zCDP. Sigma is the
/// smallest for which the best conversion over alpha (<see cref="RdpConversion"/>) meets delta. This costs some 10-20%
/// more noise than the tight one-coordinate calibration.</para>
/// <para>The default granularity is the largest power of two at most min(sigma_c, Sensitivity / sqrt(Dimension)) / 1024
/// with sigma_c the continuous analytic Gaussian noise, so rounding costs under 1/1024 of the noise.</para>
/// <para>Immutable; safe to share between threads.</para>
/// </remarks>
public sealed class GaussianParameters
{
    /// <summary>Validates the parameters, derives the grid and calibrates the noise.</summary>
    /// <param name="sensitivity">L2 sensitivity, &gt; 0.</param>
    /// <param name="epsilon">&gt; 0.</param>
    /// <param name="delta">In (0, 1).</param>
    /// <param name="dimension">Coordinates per release, &gt;= 1.</param>
    /// <param name="granularity">A power of two, or 0 for the default.</param>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public GaussianParameters(double sensitivity, double epsilon, double delta, int dimension = 1, double granularity = 0)
    {
        Sensitivity = PrivacyGuard.Positive(sensitivity, "sensitivity");
        Epsilon = PrivacyGuard.Positive(epsilon, "epsilon");
        Delta = PrivacyGuard.Delta(delta, "delta");
        Dimension = (int)PrivacyGuard.Positive(dimension, "dimension");
        ContinuousSigma = AnalyticGaussian.Sigma(epsilon, delta, sensitivity);
        Granularity = granularity == 0
            ? GridQuantizer.PowerOfTwoAtMost(Math.Min(ContinuousSigma, sensitivity / Math.Sqrt(dimension)) / 1024)
            : GridQuantizer.Validate(granularity);
        double steps = Math.Floor(sensitivity / Granularity);
        if (steps > 1e6)
        {
            throw new PrivacyParameterException(
                $"granularity {Granularity} is too fine for sensitivity {sensitivity} (more than 1e6 grid steps).");
        }

        if (dimension == 1)
        {
            GridSensitivity = steps + 1;
            GridSigma = DiscreteGaussianProfile.Sigma(epsilon, delta, (long)GridSensitivity);
        }
        else
        {
            GridSensitivity = (sensitivity / Granularity) + Math.Sqrt(dimension);
            GridSigma = GridSensitivity / Math.Sqrt(2 * ZcdpRho(epsilon, delta));
        }

        GridVariance = Rational.FromDouble(GridSigma) * Rational.FromDouble(GridSigma);
    }

    /// <summary>L2 sensitivity.</summary>
    public double Sensitivity { get; }

    /// <summary>Epsilon.</summary>
    public double Epsilon { get; }

    /// <summary>Delta.</summary>
    public double Delta { get; }

    /// <summary>Coordinates per release.</summary>
    public int Dimension { get; }

    /// <summary>Grid spacing (a power of two).</summary>
    public double Granularity { get; }

    /// <summary>L2 sensitivity of the rounded query, in grid steps.</summary>
    public double GridSensitivity { get; }

    /// <summary>The calibrated sigma of the discrete Gaussian, in grid steps.</summary>
    public double GridSigma { get; }

    /// <summary>The exact variance parameter handed to the sampler: GridSigma^2 as a rational.</summary>
    public Rational GridVariance { get; }

    /// <summary>The noise sigma in the units of the data.</summary>
    public double Sigma => GridSigma * Granularity;

    /// <summary>The sigma the continuous Gaussian would need (Balle and Wang 2018), for comparison.</summary>
    public double ContinuousSigma { get; }

    /// <summary>The largest rho such that rho-zCDP implies (epsilon, delta)-DP, by bisection over rho with the best
    /// RDP conversion at each (a golden-section search over the order).</summary>
    private static double ZcdpRho(double epsilon, double delta)
    {
        // log delta at order alpha for rho-zCDP, unclamped (RdpConversion.Delta solved in log space), so that the
        // search over alpha sees a unimodal function everywhere.
        double LogDeltaAt(double alpha, double rho) =>
            ((alpha - 1) * ((alpha * rho) - epsilon + Numerics.SpecialFunctions.LogOnePlus(-1 / alpha))) - Math.Log(alpha);

        double DeltaOf(double rho) => Math.Exp(
            Numerics.Search.GoldenSectionMinimum(alpha => LogDeltaAt(alpha, rho), 1 + 1e-9, 1 + (10 * (epsilon + 1) / rho), 200).Value);

        return Numerics.Search.Bracket(rho => DeltaOf(rho) <= delta, 0, epsilon, 1e-12, 100).Below;
    }
}

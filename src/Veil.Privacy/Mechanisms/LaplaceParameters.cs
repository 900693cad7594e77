using System.Numerics;
using Veil.Privacy.Sampling;

namespace Veil.Privacy.Mechanisms;

/// <summary>
/// Validated parameters of the (discrete) Laplace mechanism: epsilon-DP for a query whose L1 sensitivity is
/// <see cref="Sensitivity"/>, over vectors of <see cref="Dimension"/> coordinates, released on the grid of spacing
/// <see cref="Granularity"/>.
/// </summary>
/// <remarks>
/// Rounding each coordinate to the grid moves it by at most half a step, so rounded neighbours differ by at most
/// Sensitivity + Dimension * Granularity in L1, an integer number of steps at most
/// <see cref="GridSensitivity"/> = floor(Sensitivity / Granularity) + Dimension. Discrete Laplace noise of scale
/// t = GridSensitivity / epsilon (an exact rational: epsilon is an exact dyadic rational) is then exactly epsilon-DP.
/// The default granularity, the largest power of two at most Sensitivity / (1024 Dimension), keeps the cost of
/// rounding below 1/1024 of the scale.
/// Immutable; safe to share between threads.
/// </remarks>
public sealed class LaplaceParameters
{
    /// <summary>Validates the parameters and derives the grid.</summary>
    /// <param name="sensitivity">L1 sensitivity, &gt; 0.</param>
    /// <param name="epsilon">&gt; 0.</param>
    /// <param name="dimension">Coordinates per release, &gt;= 1.</param>
    /// <param name="granularity">A power of two, or 0 for the default.</param>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public LaplaceParameters(double sensitivity, double epsilon, int dimension = 1, double granularity = 0)
    {
        Sensitivity = PrivacyGuard.Positive(sensitivity, "sensitivity");
        Epsilon = PrivacyGuard.Positive(epsilon, "epsilon");
        Dimension = (int)PrivacyGuard.Positive(dimension, "dimension");
        Granularity = granularity == 0
            ? GridQuantizer.PowerOfTwoAtMost(sensitivity / (1024.0 * dimension))
            : GridQuantizer.Validate(granularity);
        double steps = Math.Floor(sensitivity / Granularity);
        if (steps > 1e15)
        {
            throw new PrivacyParameterException($"granularity {Granularity} is too fine for sensitivity {sensitivity}.");
        }

        GridSensitivity = (long)steps + dimension;
        GridScale = Rational.FromInteger(GridSensitivity) / Rational.FromDouble(epsilon);
    }

    /// <summary>L1 sensitivity.</summary>
    public double Sensitivity { get; }

    /// <summary>Epsilon.</summary>
    public double Epsilon { get; }

    /// <summary>Coordinates per release.</summary>
    public int Dimension { get; }

    /// <summary>Grid spacing (a power of two).</summary>
    public double Granularity { get; }

    /// <summary>L1 sensitivity of the rounded query, in grid steps.</summary>
    public long GridSensitivity { get; }

    /// <summary>The exact scale t of the discrete Laplace noise, in grid steps.</summary>
    public Rational GridScale { get; }

    /// <summary>The noise scale in the units of the data: t * granularity (about Sensitivity / epsilon).</summary>
    public double Scale => GridScale.ToDouble() * Granularity;

    /// <summary>The standard deviation of each coordinate's noise, in the units of the data:
    /// granularity * sqrt(2 p) / (1 - p) with p = exp(-1/t).</summary>
    public double StandardDeviation
    {
        get
        {
            double p = Math.Exp(-1 / GridScale.ToDouble());
            return Granularity * Math.Sqrt(2 * p) / (1 - p);
        }
    }

    internal BigInteger GridScaleNumerator => GridScale.Numerator;
}

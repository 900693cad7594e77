namespace Veil.Audit.Statistics;

/// <summary>The standard normal distribution: density, distribution function and its inverse.</summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class Normal
{
    private const double LogSqrt2Pi = 0.91893853320467274178;

    // Numerical Recipes' erfc coefficients, highest degree first after the leading 0.17087277.
    private static readonly double[] Coefficients =
        [-0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];

    /// <summary>log of the N(<paramref name="mean"/>, <paramref name="sd"/>²) density at <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sd"/> is not positive.</exception>
    public static double LogPdf(double x, double mean, double sd)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sd);
        double z = (x - mean) / sd;
        return (-0.5 * z * z) - Math.Log(sd) - LogSqrt2Pi;
    }

    /// <summary>P[Z ≤ <paramref name="z"/>] for standard normal Z.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>The complementary error function, with relative error below 1.2e-7 everywhere
    /// (the Chebyshev fit of Numerical Recipes, section 6.2).</summary>
    public static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + (0.5 * z));
        double poly = 0.17087277;
        foreach (double c in Coefficients)
        {
            poly = c + (t * poly);
        }

        double r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>The z with P[Z ≤ z] = <paramref name="p"/> (bisection on <see cref="Cdf"/>, to 1e-10).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in (0, 1).</exception>
    public static double Quantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1);
        double lo = -40, hi = 40;
        while (hi - lo > 1e-10)
        {
            double mid = 0.5 * (lo + hi);
            if (Cdf(mid) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }
}

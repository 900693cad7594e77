using Veil.Privacy.Numerics;

namespace Veil.Privacy.Accounting;

/// <summary>
/// The exact privacy profile of the one-dimensional discrete Gaussian mechanism (Canonne, Kamath and Steinke 2020,
/// Theorem 7): adding N_Z(0, sigma^2) to an integer query of sensitivity Delta (an integer) is (epsilon, delta)-DP for
/// delta = P[Y &gt; epsilon sigma^2/Delta - Delta/2] - exp(epsilon) P[Y &gt; epsilon sigma^2/Delta + Delta/2],
/// Y ~ N_Z(0, sigma^2), and for no smaller delta.
/// </summary>
/// <remarks>
/// The tails are summed term by term over |y| &lt;= 40 sigma + 2 (beyond that the terms are below exp(-800)), so a call
/// costs O(sigma); the second term is summed as exp(epsilon - y^2/(2 sigma^2)) to stay finite for large epsilon.
/// Thread-safety: stateless, safe from any thread.
/// </remarks>
public static class DiscreteGaussianProfile
{
    /// <summary>The smallest delta at <paramref name="epsilon"/>.</summary>
    /// <exception cref="PrivacyParameterException">A value is outside its domain, or sigma is above 1e7 (the sum
    /// would be too long; use the continuous profile there, which it matches to far below 1e-12).</exception>
    public static double Delta(double epsilon, double sigma, long sensitivity)
    {
        PrivacyGuard.NotNegative(epsilon, "epsilon");
        PrivacyGuard.Positive(sigma, "sigma");
        PrivacyGuard.Positive(sensitivity, "sensitivity");
        if (sigma > 1e7)
        {
            throw new PrivacyParameterException($"sigma must be at most 1e7 for the exact discrete profile; got {sigma}.");
        }

        double twoVariance = 2 * sigma * sigma;
        long limit = (long)Math.Ceiling(40 * sigma) + 2;
        double normaliser = 1;
        for (long y = 1; y <= limit; y++)
        {
            normaliser += 2 * Math.Exp(-(y * (double)y) / twoVariance);
        }

        double centre = epsilon * sigma * sigma / sensitivity;
        double first = Tail(centre - (sensitivity / 2.0), 0, twoVariance, limit);
        double second = Tail(centre + (sensitivity / 2.0), epsilon, twoVariance, limit);
        return Math.Max(0, (first - second) / normaliser);
    }

    /// <summary>The smallest sigma (to 1e-9 relative) making the mechanism (epsilon, delta)-DP.</summary>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public static double Sigma(double epsilon, double delta, long sensitivity)
    {
        PrivacyGuard.Positive(epsilon, "epsilon");
        PrivacyGuard.Delta(delta, "delta");
        double guess = AnalyticGaussian.Sigma(epsilon, delta, sensitivity);
        double low = guess / 2, high = guess * 2;
        while (Delta(epsilon, high, sensitivity) > delta)
        {
            (low, high) = (high, high * 2);
        }

        while (low > 1e-3 && Delta(epsilon, low, sensitivity) <= delta)
        {
            (high, low) = (low, low / 2);
        }

        return Search.Boundary(s => Delta(epsilon, s, sensitivity) > delta, low, high, 1e-9);
    }

    /// <summary>exp(logScale) times the unnormalised mass of {y &gt; threshold}, |y| &lt;= limit.</summary>
    private static double Tail(double threshold, double logScale, double twoVariance, long limit)
    {
        long start = (long)Math.Floor(threshold) + 1; // smallest integer strictly above the threshold
        start = Math.Max(start, -limit);
        double sum = 0;
        for (long y = limit; y >= start; y--)
        {
            sum += Math.Exp(logScale - (y * (double)y / twoVariance));
        }

        return sum;
    }
}

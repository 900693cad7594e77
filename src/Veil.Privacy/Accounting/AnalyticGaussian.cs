using Veil.Privacy.Numerics;

namespace Veil.Privacy.Accounting;

/// <summary>
/// The exact privacy profile of the (continuous) Gaussian mechanism, from Balle and Wang (2018, "Improving the Gaussian
/// Mechanism for Differential Privacy", Theorem 8): adding N(0, sigma^2) to a query of L2 sensitivity Delta is
/// (epsilon, delta)-DP exactly when
/// delta &gt;= Phi(Delta/(2 sigma) - epsilon sigma/Delta) - exp(epsilon) Phi(-Delta/(2 sigma) - epsilon sigma/Delta).
/// </summary>
/// <remarks>
/// The T-fold composition of Gaussian mechanisms with noise sigma is one Gaussian mechanism with noise sigma/sqrt(T),
/// which makes this the exact reference for the accountants without subsampling (q = 1).
/// Thread-safety: stateless, safe from any thread.
/// </remarks>
public static class AnalyticGaussian
{
    /// <summary>The smallest delta at <paramref name="epsilon"/>.</summary>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public static double Delta(double epsilon, double sigma, double sensitivity = 1)
    {
        PrivacyGuard.NotNegative(epsilon, "epsilon");
        PrivacyGuard.Positive(sigma, "sigma");
        PrivacyGuard.Positive(sensitivity, "sensitivity");
        double a = (sensitivity / (2 * sigma)) - (epsilon * sigma / sensitivity);
        double b = -(sensitivity / (2 * sigma)) - (epsilon * sigma / sensitivity);
        double first = SpecialFunctions.NormalCdf(a);
        double second = Math.Exp(epsilon + SpecialFunctions.LogNormalSf(-b));
        return Math.Max(0, first - second);
    }

    /// <summary>The smallest epsilon at <paramref name="delta"/> (bisection to 1e-12 relative).</summary>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public static double Epsilon(double delta, double sigma, double sensitivity = 1)
    {
        PrivacyGuard.Delta(delta, "delta");
        if (Delta(0, sigma, sensitivity) <= delta)
        {
            return 0;
        }

        double high = 1;
        while (Delta(high, sigma, sensitivity) > delta)
        {
            high *= 2;
        }

        return Search.Boundary(e => Delta(e, sigma, sensitivity) > delta, 0, high, 1e-12);
    }

    /// <summary>The smallest sigma that makes the Gaussian mechanism (epsilon, delta)-DP.</summary>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public static double Sigma(double epsilon, double delta, double sensitivity = 1)
    {
        PrivacyGuard.Positive(epsilon, "epsilon");
        PrivacyGuard.Delta(delta, "delta");
        PrivacyGuard.Positive(sensitivity, "sensitivity");
        double low = sensitivity, high = sensitivity;
        while (Delta(epsilon, high, sensitivity) > delta)
        {
            high *= 2;
        }

        while (low > 1e-300 && Delta(epsilon, low, sensitivity) <= delta)
        {
            low /= 2;
        }

        return Search.Boundary(s => Delta(epsilon, s, sensitivity) > delta, low, high, 1e-12);
    }
}

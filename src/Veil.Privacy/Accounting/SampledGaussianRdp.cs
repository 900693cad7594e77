using Veil.Privacy.Numerics;

namespace Veil.Privacy.Accounting;

/// <summary>
/// The Renyi differential privacy of one step of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar and Zhang
/// 2019, "Renyi Differential Privacy of the Sampled Gaussian Mechanism"), at integer and fractional orders.
/// </summary>
/// <remarks>
/// With mu0 = N(0, sigma^2), mu1 = N(1, sigma^2) and mu = (1 - q) mu0 + q mu1, the RDP at order alpha &gt; 1 is
/// eps(alpha) = log(A_alpha) / (alpha - 1), A_alpha = E_{z ~ mu0}[(mu(z) / mu0(z))^alpha], the larger of the two
/// directions (MTZ19, Theorem 5).
/// <list type="bullet">
/// <item>Integer alpha: the binomial expansion
/// A = sum_{k=0}^{alpha} C(alpha, k) (1 - q)^(alpha - k) q^k exp((k^2 - k) / (2 sigma^2)), summed in log space.</item>
/// <item>Fractional alpha: split the integral at z0 = sigma^2 log(1/q - 1) + 1/2, where both mixture terms are equal,
/// and expand (a + b)^alpha by the generalised binomial series on each side (it converges because the smaller term
/// is expanded). Completing the square turns each term into a Gaussian tail:
/// A = sum_i C(alpha, i) [ (1-q)^(alpha-i) q^i exp((i^2 - i)/(2 sigma^2)) erfc((i - z0)/(sqrt2 sigma)) / 2
///                       + (1-q)^i q^(alpha-i) exp((j^2 - j)/(2 sigma^2)) erfc((z0 - j)/(sqrt2 sigma)) / 2 ],
/// j = alpha - i. Coefficients C(alpha, i) change sign once i exceeds alpha, so positive and negative terms are
/// accumulated separately in log space and the series stops once i &gt; alpha + 1 and the terms fall below 1e-16 of
/// the sum.</item>
/// <item>q = 1 (no subsampling): the Gaussian mechanism, eps(alpha) = alpha / (2 sigma^2).</item>
/// </list>
/// Thread-safety: stateless, safe from any thread.
/// </remarks>
public static class SampledGaussianRdp
{
    private const double Sqrt2 = 1.4142135623730950488016887242097;

    /// <summary>The RDP epsilon of one step at order <paramref name="order"/>.</summary>
    /// <param name="noiseMultiplier">sigma &gt; 0.</param>
    /// <param name="sampleRate">q in (0, 1].</param>
    /// <param name="order">alpha &gt; 1 (positive infinity gives infinity unless q = 0).</param>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public static double Compute(double noiseMultiplier, double sampleRate, double order)
    {
        double sigma = PrivacyGuard.Positive(noiseMultiplier, "noise multiplier");
        double q = PrivacyGuard.SampleRate(sampleRate, "sample rate");
        if (!(order > 1))
        {
            throw new PrivacyParameterException($"RDP order must be greater than 1; got {order}.");
        }

        if (double.IsPositiveInfinity(order))
        {
            return double.PositiveInfinity;
        }

        if (q == 1)
        {
            return order / (2 * sigma * sigma);
        }

        double logA = order == Math.Floor(order) && order < int.MaxValue
            ? LogAInteger(q, sigma, (int)order)
            : LogAFractional(q, sigma, order);
        return logA / (order - 1);
    }

    /// <summary>log A_alpha by the finite binomial sum (integer alpha &gt;= 2).</summary>
    internal static double LogAInteger(double q, double sigma, int alpha)
    {
        double logQ = Math.Log(q);
        double log1MinusQ = SpecialFunctions.LogOnePlus(-q);
        double inverseTwoSigmaSquared = 1 / (2 * sigma * sigma);
        double logBinomial = 0; // log C(alpha, 0)
        double total = double.NegativeInfinity;
        for (int k = 0; k <= alpha; k++)
        {
            double term = logBinomial + (k * logQ) + ((alpha - k) * log1MinusQ) + (((double)k * k - k) * inverseTwoSigmaSquared);
            total = SpecialFunctions.LogAddExp(total, term);
            logBinomial += Math.Log(alpha - k) - Math.Log(k + 1.0);
        }

        return total;
    }

    /// <summary>log A_alpha by the two-sided generalised binomial series (any alpha &gt; 1).</summary>
    internal static double LogAFractional(double q, double sigma, double alpha)
    {
        double logQ = Math.Log(q);
        double log1MinusQ = SpecialFunctions.LogOnePlus(-q);
        double inverseTwoSigmaSquared = 1 / (2 * sigma * sigma);
        double z0 = (sigma * sigma * (SpecialFunctions.LogOnePlus(-q) - logQ)) + 0.5;
        double erfcScale = 1 / (Sqrt2 * sigma);

        double positive = double.NegativeInfinity;
        double negative = double.NegativeInfinity;
        double logAbsBinomial = 0; // log |C(alpha, 0)|
        int sign = 1;
        for (int i = 0; i < 1_000_000; i++)
        {
            double j = alpha - i;
            double logT0 = logAbsBinomial + (i * logQ) + (j * log1MinusQ);
            double logT1 = logAbsBinomial + (j * logQ) + (i * log1MinusQ);
            double logE0 = SpecialFunctions.LogErfc((i - z0) * erfcScale) - Math.Log(2);
            double logE1 = SpecialFunctions.LogErfc((z0 - j) * erfcScale) - Math.Log(2);
            double logS0 = logT0 + (((double)i * i - i) * inverseTwoSigmaSquared) + logE0;
            double logS1 = logT1 + (((j * j) - j) * inverseTwoSigmaSquared) + logE1;
            double term = SpecialFunctions.LogAddExp(logS0, logS1);
            if (sign > 0)
            {
                positive = SpecialFunctions.LogAddExp(positive, term);
            }
            else
            {
                negative = SpecialFunctions.LogAddExp(negative, term);
            }

            if (i > alpha + 1 && term < positive - 37)
            {
                break;
            }

            // C(alpha, i + 1) = C(alpha, i) (alpha - i) / (i + 1).
            double factor = (alpha - i) / (i + 1);
            if (factor == 0)
            {
                break; // integer alpha: the series ends
            }

            if (factor < 0)
            {
                sign = -sign;
            }

            logAbsBinomial += Math.Log(Math.Abs(factor));
        }

        return SpecialFunctions.LogSubExp(positive, negative);
    }
}

using Veil.Privacy.Numerics;

namespace Veil.Privacy.Accounting;

/// <summary>
/// Converts a Renyi DP guarantee to (epsilon, delta)-DP with the improved conversion of Canonne, Kamath and Steinke
/// (2020, Proposition 12) and Balle et al. (2020, Theorem 21), the one Opacus and Google's dp_accounting use:
/// a mechanism that is (alpha, r)-RDP is (epsilon, delta)-DP for
/// epsilon = r + log((alpha - 1)/alpha) - (log delta + log alpha)/(alpha - 1).
/// </summary>
/// <remarks>
/// Two refinements, both valid bounds: when delta &gt;= sqrt(1 - exp(-r)) the guarantee is epsilon = 0 (total variation
/// is at most sqrt(1 - exp(-KL)) and KL &lt;= r); and a negative result is reported as 0.
/// Thread-safety: stateless, safe from any thread.
/// </remarks>
public static class RdpConversion
{
    /// <summary>Epsilon at <paramref name="delta"/> from the RDP value <paramref name="rdp"/> at one order.</summary>
    /// <param name="order">alpha &gt; 1.</param>
    /// <param name="rdp">The RDP epsilon at that order, &gt;= 0 (may be infinite).</param>
    /// <param name="delta">In (0, 1).</param>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public static double Epsilon(double order, double rdp, double delta)
    {
        PrivacyGuard.Delta(delta, "delta");
        ValidateOrderAndRdp(order, rdp);

        if (double.IsPositiveInfinity(rdp))
        {
            return double.PositiveInfinity;
        }

        if ((delta * delta) + SpecialFunctions.ExpMinusOne(-rdp) > 0)
        {
            return 0;
        }

        double epsilon = rdp + SpecialFunctions.LogOnePlus(-1 / order) - ((Math.Log(delta) + Math.Log(order)) / (order - 1));
        return Math.Max(0, epsilon);
    }

    /// <summary>
    /// The original conversion of Mironov (2017, Proposition 3), epsilon = r + log(1/delta)/(alpha - 1): looser than
    /// <see cref="Epsilon"/>, kept to reproduce figures published with it (TF Privacy before 2020, and the moments
    /// accountant of Abadi et al. 2016, which is this bound at integer orders).
    /// </summary>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public static double ClassicEpsilon(double order, double rdp, double delta)
    {
        PrivacyGuard.Delta(delta, "delta");
        if (!(order > 1))
        {
            throw new PrivacyParameterException($"RDP order must be greater than 1; got {order}.");
        }

        return rdp - (Math.Log(delta) / (order - 1));
    }

    /// <summary>Delta at <paramref name="epsilon"/> from the RDP value at one order (the same bound, solved for delta).</summary>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public static double Delta(double order, double rdp, double epsilon)
    {
        PrivacyGuard.NotNegative(epsilon, "epsilon");
        ValidateOrderAndRdp(order, rdp);

        // log delta = (alpha - 1)(r - epsilon + log(1 - 1/alpha)) - log alpha.
        double logDelta = ((order - 1) * (rdp - epsilon + SpecialFunctions.LogOnePlus(-1 / order))) - Math.Log(order);
        return Math.Min(1, Math.Exp(logDelta));
    }

    /// <summary>The best epsilon over a list of orders, and the order that gives it.</summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public static (double Epsilon, double Order) BestEpsilon(ReadOnlySpan<double> orders, ReadOnlySpan<double> rdp, double delta)
    {
        Guard.LengthEquals(rdp.Length, orders.Length, nameof(rdp));
        Guard.LengthAtLeast(orders.Length, 1, nameof(orders));
        double best = double.PositiveInfinity;
        double bestOrder = orders[0];
        for (int i = 0; i < orders.Length; i++)
        {
            double epsilon = Epsilon(orders[i], rdp[i], delta);
            if (epsilon < best)
            {
                best = epsilon;
                bestOrder = orders[i];
            }
        }

        return (best, bestOrder);
    }

    private static void ValidateOrderAndRdp(double order, double rdp)
    {
        if (!(order > 1))
        {
            throw new PrivacyParameterException($"RDP order must be greater than 1; got {order}.");
        }

        if (double.IsNaN(rdp) || rdp < 0)
        {
            throw new PrivacyParameterException($"RDP value must be at least 0; got {rdp}.");
        }
    }
}

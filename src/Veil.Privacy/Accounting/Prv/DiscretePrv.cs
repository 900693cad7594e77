using Veil.Privacy.Numerics;

namespace Veil.Privacy.Accounting.Prv;

/// <summary>
/// A privacy loss random variable truncated to a grid-aligned interval, rounded to the grid of spacing h, and shifted
/// so that its mean equals the mean of the truncated continuous variable (Gopi, Lee and Wutschitz 2021, Sec. 5):
/// the rounding error of each step is then a zero-mean variable in an interval of length h, which is what lets the
/// composed error grow like sqrt(T) h instead of T h.
/// </summary>
/// <remarks>
/// Point i = LowIndex + m stands for loss (LowIndex + m) h + Shift. Its mass is the continuous mass of the cell
/// [ih - h/2, ih + h/2] (clipped to the interval) plus, at the two end points, the truncated tails.
/// The shift E[Y_trunc] - sum_i p_i ih is the sum over cells of the integral of (y - ih) dF, evaluated per half cell by
/// Simpson's rule on masses of quarter cells (no differences of distribution functions near 1, so no
/// cancellation): (h/12)(q3 + 5 q4 - 5 q1 - q2) for quarters q1..q4 from the bottom. The same sum by the trapezoid
/// rule, (h/4)(q3 + q4 - q1 - q2), differs from it by more than Simpson's own error; that difference is kept as
/// <see cref="ShiftError"/> and added to the epsilon error bound.
/// Thread-safety: immutable after construction.
/// </remarks>
internal sealed class DiscretePrv
{
    private DiscretePrv(long lowIndex, double[] pmf, double shift, double shiftError)
    {
        LowIndex = lowIndex;
        Pmf = pmf;
        Shift = shift;
        ShiftError = shiftError;
    }

    /// <summary>Grid index of the first point.</summary>
    public long LowIndex { get; }

    /// <summary>Masses of the points LowIndex, LowIndex + 1, ...</summary>
    public double[] Pmf { get; }

    /// <summary>The mean-preserving shift added to every grid value; |Shift| &lt;= h/2.</summary>
    public double Shift { get; }

    /// <summary>An estimate of the error of <see cref="Shift"/> (a bias on each composed step).</summary>
    public double ShiftError { get; }

    /// <summary>Grid index of the last point.</summary>
    public long HighIndex => LowIndex + Pmf.Length - 1;

    /// <summary>Discretises <paramref name="loss"/> on the grid of spacing <paramref name="mesh"/>, truncating tails of
    /// at most <paramref name="tailMass"/> on each side.</summary>
    /// <exception cref="PrivacyParameterException">The grid would need more than <paramref name="maxPoints"/> points.</exception>
    public static DiscretePrv Create(SubsampledGaussianLoss loss, double mesh, double tailMass, long maxPoints)
    {
        double low = double.IsNegativeInfinity(loss.SupportLow) ? Quantile(loss.Cdf, tailMass, increasing: true) : loss.SupportLow;
        double high = double.IsPositiveInfinity(loss.SupportHigh) ? Quantile(loss.Sf, tailMass, increasing: false) : loss.SupportHigh;
        long lowIndex = (long)Math.Floor(low / mesh);
        long highIndex = (long)Math.Ceiling(high / mesh);
        long cells = highIndex - lowIndex + 1;
        if (cells > maxPoints)
        {
            throw new PrivacyParameterException(
                $"the PRV accountant would need {cells} grid points for one step; raise the epsilon error or use the RDP accountant.");
        }

        var pmf = new double[cells];
        int components = loss.Components;
        var previousZ = new double[components];
        var previousTail = new double[components];
        for (int c = 0; c < components; c++)
        {
            previousZ[c] = loss.Standardized(lowIndex * mesh, c);
            previousTail[c] = SpecialFunctions.NormalSf(Math.Abs(previousZ[c]));
            pmf[0] += loss.Weight(c) * (previousZ[c] < 0 ? previousTail[c] : 1 - previousTail[c]); // P[Y <= a]
        }

        double simpson = 0, trapezoid = 0;
        long quarters = 4 * (cells - 1);
        for (long k = 0; k < quarters; k++)
        {
            double y = (lowIndex + ((k + 1) / 4.0)) * mesh;
            double mass = 0;
            for (int c = 0; c < components; c++)
            {
                double z = loss.Standardized(y, c);
                double tail = SpecialFunctions.NormalSf(Math.Abs(z));
                mass += loss.Weight(c) * MassBetween(previousZ[c], previousTail[c], z, tail);
                previousZ[c] = z;
                previousTail[c] = tail;
            }

            // Quarter k lies in cell floor((k + 2) / 4), in position (k + 2) mod 4 from its bottom.
            long cell = (k + 2) / 4;
            pmf[cell] += mass;
            switch ((k + 2) % 4)
            {
                case 0: simpson -= 5 * mass; trapezoid -= mass; break;
                case 1: simpson -= mass; trapezoid -= mass; break;
                case 2: simpson += mass; trapezoid += mass; break;
                default: simpson += 5 * mass; trapezoid += mass; break;
            }
        }

        for (int c = 0; c < components; c++)
        {
            pmf[^1] += loss.Weight(c) * (previousZ[c] < 0 ? 1 - previousTail[c] : previousTail[c]); // P[Y > b]
        }

        double shift = simpson * mesh / 12;
        double shiftError = Math.Abs(shift - (trapezoid * mesh / 4));
        return new DiscretePrv(lowIndex, pmf, shift, shiftError);
    }

    /// <summary>log E[exp(theta Y)] of the discrete variable (its cumulant generating function).</summary>
    public double LogMgf(double theta, double mesh)
    {
        double maxExponent = double.NegativeInfinity;
        for (int m = 0; m < Pmf.Length; m++)
        {
            if (Pmf[m] > 0)
            {
                maxExponent = Math.Max(maxExponent, theta * (((LowIndex + m) * mesh) + Shift));
            }
        }

        double sum = 0;
        for (int m = 0; m < Pmf.Length; m++)
        {
            if (Pmf[m] > 0)
            {
                sum += Pmf[m] * Math.Exp((theta * (((LowIndex + m) * mesh) + Shift)) - maxExponent);
            }
        }

        return maxExponent + Math.Log(sum);
    }

    /// <summary>P[u &lt; V &lt;= v] for one Gaussian component, from the standardised ends and their own-side tails.</summary>
    private static double MassBetween(double zu, double tailU, double zv, double tailV)
    {
        if (zu >= 0)
        {
            return Math.Max(0, tailU - tailV); // both in the upper tail: S(u) - S(v)
        }

        if (zv <= 0)
        {
            return Math.Max(0, tailV - tailU); // both in the lower tail: F(v) - F(u)
        }

        return 1 - tailU - tailV;
    }

    /// <summary>A point y where the monotone tail function is at most <paramref name="target"/>, close to the boundary.</summary>
    private static double Quantile(Func<double, double> tail, double target, bool increasing)
    {
        // tail is a distribution function (increasing = true: find y with F(y) <= target) or a survival function.
        double sign = increasing ? -1 : 1;
        double inside = 0, outside = sign;
        for (int i = 0; i < 2000 && tail(outside) > target; i++)
        {
            inside = outside;
            outside *= 2;
        }

        while (tail(inside) <= target)
        {
            inside -= sign * Math.Max(1, Math.Abs(inside));
        }

        return Search.Boundary(y => tail(y) > target, inside, outside, 1e-9);
    }
}

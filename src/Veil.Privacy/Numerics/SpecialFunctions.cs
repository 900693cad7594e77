using System.Runtime.CompilerServices;

namespace Veil.Privacy.Numerics;

/// <summary>
/// The complementary error function and the normal distribution, accurate to a few units in the last place over the
/// whole real line, including deep tails (where the accountants live): erfc(x) keeps its relative precision down to
/// the smallest double, and <see cref="LogErfc"/> stays finite far beyond that.
/// </summary>
/// <remarks>
/// Method (derived here, not taken from a library): for 0 &lt;= x &lt; 2 the everywhere-positive series
/// erf(x) = (2/sqrt(pi)) x exp(-x^2) sum_n (2x^2)^n / (1*3*...*(2n+1)), which has no cancellation; for x &gt;= 2 the
/// Laplace continued fraction erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + ...)))),
/// evaluated backwards to a depth (12 + 300/x^2 terms) that reaches double precision (checked against 40-digit
/// values). exp(-x^2) is formed from a split of x so that x^2 carries no rounding error.
/// Thread-safety: stateless, safe from any thread.
/// </remarks>
internal static class SpecialFunctions
{
    private const double InverseSqrtPi = 0.56418958354775628694807945156077;
    private const double TwoOverSqrtPi = 1.1283791670955125738961589031215;
    private const double InverseSqrt2 = 0.70710678118654752440084436210485;

    /// <summary>erfc(x) = 1 - erf(x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        if (x < 2)
        {
            return 1 - ErfSeries(x);
        }

        if (x > 27.3)
        {
            return 0; // below the smallest subnormal double
        }

        return ExpMinusSquare(x) * ErfcxContinuedFraction(x);
    }

    /// <summary>log(erfc(x)), finite for every finite x (about -x^2 for large x).</summary>
    public static double LogErfc(double x)
    {
        if (x < 2)
        {
            return Math.Log(Erfc(x));
        }

        return -(x * x) + Math.Log(ErfcxContinuedFraction(x));
    }

    /// <summary>The standard normal survival function P[Z &gt; z].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double NormalSf(double z) => 0.5 * Erfc(z * InverseSqrt2);

    /// <summary>The standard normal distribution function P[Z &lt;= z].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double NormalCdf(double z) => 0.5 * Erfc(-z * InverseSqrt2);

    /// <summary>log P[Z &gt; z] for a standard normal Z.</summary>
    public static double LogNormalSf(double z) => LogErfc(z * InverseSqrt2) - Math.Log(2);

    /// <summary>P[a &lt; Z &lt;= b] for a standard normal Z, without cancellation when both ends lie in one tail.</summary>
    public static double NormalIntervalMass(double a, double b)
    {
        if (!(b > a))
        {
            return 0;
        }

        return a >= 0 ? NormalSf(a) - NormalSf(b) : NormalCdf(b) - NormalCdf(a);
    }

    /// <summary>log(exp(a) + exp(b)) without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        return a > b ? a + LogOnePlus(Math.Exp(b - a)) : b + LogOnePlus(Math.Exp(a - b));
    }

    /// <summary>log(exp(a) - exp(b)) for a &gt;= b; negative infinity when they are equal.</summary>
    public static double LogSubExp(double a, double b)
    {
        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        if (b > a)
        {
            throw new ArgumentOutOfRangeException(nameof(b), "log(exp(a) - exp(b)) needs a >= b.");
        }

        return b == a ? double.NegativeInfinity : a + Log1MinusExp(b - a);
    }

    /// <summary>log(1 - exp(x)) for x &lt;= 0, accurate near both ends.</summary>
    public static double Log1MinusExp(double x) =>
        x > -0.6931471805599453 ? Math.Log(-ExpMinusOne(x)) : LogOnePlus(-Math.Exp(x));

    /// <summary>log(1 + x), accurate for small x (Kahan's correction: .NET's LogP1 is not).</summary>
    public static double LogOnePlus(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>exp(x) - 1, accurate for small x (Kahan's correction).</summary>
    public static double ExpMinusOne(double x)
    {
        double u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }

        double um1 = u - 1;
        return um1 == -1 ? -1 : double.IsPositiveInfinity(u) ? u : um1 * x / Math.Log(u);
    }

    /// <summary>exp(-x^2) with x^2 formed exactly (x split into two halves of 26 bits).</summary>
    private static double ExpMinusSquare(double x)
    {
        double high = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) & unchecked((long)0xFFFFFFFFF8000000UL));
        double low = x - high;
        return Math.Exp(-(high * high)) * Math.Exp(-(low * (x + high)));
    }

    private static double ErfSeries(double x)
    {
        double twoXSquared = 2 * x * x;
        double term = 1;
        double sum = 1;
        for (int n = 1; n < 200; n++)
        {
            term *= twoXSquared / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return TwoOverSqrtPi * x * ExpMinusSquare(x) * sum;
    }

    /// <summary>exp(x^2) erfc(x) for x &gt;= 2 by the Laplace continued fraction, evaluated from the tail.</summary>
    private static double ErfcxContinuedFraction(double x)
    {
        int depth = 12 + (int)(300 / (x * x));
        double t = x;
        for (int j = depth; j >= 1; j--)
        {
            t = x + 0.5 * j / t;
        }

        return InverseSqrtPi / t;
    }
}

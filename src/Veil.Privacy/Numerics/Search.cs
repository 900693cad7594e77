namespace Veil.Privacy.Numerics;

/// <summary>One-dimensional searches shared by the accountants and calibrations.</summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class Search
{
    private const double GoldenRatio = 0.6180339887498949;

    /// <summary>The minimum of a unimodal <paramref name="f"/> on [a, b] by golden-section search: the better of the
    /// two final probes and its value.</summary>
    public static (double X, double Value) GoldenSectionMinimum(Func<double, double> f, double a, double b, int iterations, double relativeWidth = 0)
    {
        double c = b - (GoldenRatio * (b - a)), d = a + (GoldenRatio * (b - a));
        double fc = f(c), fd = f(d);
        for (int i = 0; i < iterations && (b - a) > relativeWidth * Math.Abs(b); i++)
        {
            if (fc < fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - (GoldenRatio * (b - a));
                fc = f(c);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + (GoldenRatio * (b - a));
                fd = f(d);
            }
        }

        return fc < fd ? (c, fc) : (d, fd);
    }

    /// <summary>The point between <paramref name="low"/> (where <paramref name="isBelow"/> holds) and
    /// <paramref name="high"/> (where it does not; either may be the larger) where the predicate turns, to the relative
    /// width given, by bisection; returns the last points on each side.</summary>
    public static (double Below, double Above) Bracket(Func<double, bool> isBelow, double low, double high, double relativeWidth, int maxIterations = 200)
    {
        for (int i = 0; i < maxIterations && Math.Abs(high - low) > relativeWidth * Math.Max(Math.Abs(high), double.Epsilon); i++)
        {
            double middle = 0.5 * (low + high);
            if (isBelow(middle))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return (low, high);
    }

    /// <summary>The side of <see cref="Bracket"/> where the predicate does not hold.</summary>
    public static double Boundary(Func<double, bool> isBelow, double low, double high, double relativeWidth) =>
        Bracket(isBelow, low, high, relativeWidth).Above;
}

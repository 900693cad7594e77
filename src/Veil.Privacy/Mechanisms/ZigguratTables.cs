using Veil.Privacy.Numerics;

namespace Veil.Privacy.Mechanisms;

/// <summary>
/// The 256-layer ziggurat for the standard normal (Marsaglia and Tsang 2000), computed here rather than copied: with
/// f(x) = exp(-x²/2), the region under f is covered by 255 rectangles of equal area v stacked on a base strip of area v
/// (the rectangle [0, r] x [0, f(r)] plus the tail beyond r). Layer i (1..255) spans heights f(X[i]) to f(X[i+1]) and
/// has width X[i]; X[1] = r, X[256] = 0, and X[0] = v / f(r) is the base strip's width were it a rectangle.
/// </summary>
/// <remarks>
/// r is found by bisection so that the stack closes exactly: the top layer, from f(X[255]) to f(0) = 1, has area v
/// (r = 3.65415288536101 and v = 4.92867323399e-3, as Marsaglia and Tsang give). Thread-safety: immutable after the
/// static constructor.
/// </remarks>
internal static class ZigguratTables
{
    /// <summary>The number of layers (the base strip included).</summary>
    public const int Layers = 256;

    /// <summary>Layer widths, X[0..256] (X[256] = 0).</summary>
    public static readonly double[] Width = new double[Layers + 1];

    /// <summary>Width[i + 1] / Width[i]: a point of layer i at |u| below this lies under the next layer, hence under f.</summary>
    public static readonly double[] InnerRatio = new double[Layers];

    /// <summary>f(Width[i]) = exp(-Width[i]² / 2).</summary>
    public static readonly double[] Height = new double[Layers + 1];

    static ZigguratTables()
    {
        double low = 3, high = 4;
        for (int iteration = 0; iteration < 200 && high - low > 1e-15; iteration++)
        {
            double middle = 0.5 * (low + high);
            if (Overshoots(middle))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        double r = high;
        double v = Area(r);
        Width[0] = v / F(r);
        Width[1] = r;
        for (int i = 1; i < Layers - 1; i++)
        {
            Width[i + 1] = Math.Sqrt(-2 * Math.Log(F(Width[i]) + (v / Width[i])));
        }

        Width[Layers] = 0;
        for (int i = 0; i <= Layers; i++)
        {
            Height[i] = F(Width[i]);
        }

        for (int i = 0; i < Layers; i++)
        {
            InnerRatio[i] = Width[i + 1] / Width[i];
        }
    }

    /// <summary>Where the tail begins (X[1] = r).</summary>
    public static double TailStart => Width[1];

    private static double F(double x) => Math.Exp(-0.5 * x * x);

    /// <summary>v(r) = r f(r) + integral of f beyond r.</summary>
    private static double Area(double r) => (r * F(r)) + (Math.Sqrt(Math.PI / 2) * SpecialFunctions.Erfc(r / Math.Sqrt(2)));

    /// <summary>True when layers of area v(r) stack past f = 1 before the top: r is too small (v too large).</summary>
    private static bool Overshoots(double r)
    {
        double v = Area(r), x = r;
        for (int i = 1; i < Layers - 1; i++)
        {
            double next = F(x) + (v / x);
            if (next >= 1)
            {
                return true;
            }

            x = Math.Sqrt(-2 * Math.Log(next));
        }

        // The top layer, from f(x) up to 1, must have area v: x (1 - f(x)) = v. Less means the stack rose too fast.
        return x * (1 - F(x)) < v;
    }
}

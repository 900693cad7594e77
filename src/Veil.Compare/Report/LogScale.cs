namespace Veil.Compare.Report;

/// <summary>
/// A log10 axis over whole decades: the smallest and largest values are widened to the powers of ten around them,
/// and a value maps to a position between <see cref="Start"/> and <see cref="End"/> (increasing with the value, in
/// either direction on the page). Values outside the decades are clamped to the ends.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
internal sealed class LogScale
{
    /// <summary>A scale covering every value in <paramref name="values"/> (non-positive and absent ones ignored) and at
    /// least the decade [10^<paramref name="minExponent"/>, 10^(<paramref name="minExponent"/> + 1)].</summary>
    /// <param name="values">The values to plot.</param>
    /// <param name="start">The position of the lowest decade.</param>
    /// <param name="end">The position of the highest decade.</param>
    /// <param name="minExponent">The lowest decade the axis starts at, at most.</param>
    /// <param name="include">A value the axis must reach regardless of the data (e.g. a claim's 1000×).</param>
    public LogScale(IEnumerable<double> values, double start, double end, int minExponent = int.MaxValue, double? include = null)
    {
        double[] positive = values.Where(v => v > 0 && double.IsFinite(v)).ToArray();
        int low = minExponent, high = int.MinValue;
        foreach (double v in include is { } extra ? positive.Append(extra) : positive)
        {
            double exponent = Math.Log10(v);
            low = Math.Min(low, (int)Math.Floor(exponent + 1e-9));
            high = Math.Max(high, (int)Math.Ceiling(exponent - 1e-9));
        }

        if (low == int.MaxValue)
        {
            low = 0;
        }

        LowExponent = low;
        HighExponent = Math.Max(high, low + 1);
        Start = start;
        End = end;
    }

    /// <summary>The exponent of the axis's first decade.</summary>
    public int LowExponent { get; }

    /// <summary>The exponent of the axis's last decade.</summary>
    public int HighExponent { get; }

    /// <summary>The position of 10^<see cref="LowExponent"/>.</summary>
    public double Start { get; }

    /// <summary>The position of 10^<see cref="HighExponent"/>.</summary>
    public double End { get; }

    /// <summary>The exponents of the decade ticks, lowest first.</summary>
    public IEnumerable<int> Decades => Enumerable.Range(LowExponent, HighExponent - LowExponent + 1);

    /// <summary>Where <paramref name="value"/> sits on the axis; values outside the decades sit at the nearest end.</summary>
    public double Position(double value)
    {
        double exponent = value > 0 ? Math.Log10(value) : LowExponent;
        double t = (Math.Clamp(exponent, LowExponent, HighExponent) - LowExponent) / (HighExponent - LowExponent);
        return Start + (t * (End - Start));
    }

    /// <summary>The position of the tick 10^<paramref name="exponent"/>.</summary>
    public double DecadePosition(int exponent) => Position(Math.Pow(10, exponent));
}

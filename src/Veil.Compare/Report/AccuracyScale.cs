namespace Veil.Compare.Report;

/// <summary>A linear accuracy axis in percent, from a round value below the lowest accuracy up to at most 100%, with
/// ticks at a round step.</summary>
/// <remarks>Thread-safety: immutable.</remarks>
internal sealed class AccuracyScale
{
    private readonly double _low, _high, _start, _end;

    private AccuracyScale(double low, double high, double step, double start, double end)
    {
        (_low, _high, _start, _end) = (low, high, start, end);
        Ticks = Enumerable.Range(0, (int)Math.Round((high - low) / step) + 1).Select(i => low + (i * step)).ToArray();
    }

    /// <summary>The tick values, in percent, lowest first.</summary>
    public IReadOnlyList<double> Ticks { get; }

    /// <summary>A scale covering <paramref name="percents"/> (at least one value), mapping its low end to
    /// <paramref name="start"/> and its high end to <paramref name="end"/>.</summary>
    public static AccuracyScale Of(IEnumerable<double> percents, double start, double end)
    {
        double[] values = percents.ToArray();
        double min = values.Min(), max = values.Max();
        double high = Math.Min(100, Math.Ceiling(max + 0.5));
        double low = Math.Max(0, Math.Floor(min - 0.5));
        if (high - low < 2)
        {
            low = Math.Max(0, high - 2);
            high = low + 2;
        }

        double span = high - low;
        double step = span <= 6 ? 1 : span <= 10 ? 2 : span <= 25 ? 5 : span <= 50 ? 10 : 20;
        low = Math.Floor(low / step) * step;
        high = Math.Ceiling(high / step) * step;
        return new AccuracyScale(low, high, step, start, end);
    }

    /// <summary>Where <paramref name="percent"/> sits on the axis.</summary>
    public double Position(double percent) => _start + ((percent - _low) / (_high - _low) * (_end - _start));
}

namespace Veil.Audit.Metrics;

/// <summary>A two-sided interval from the percentiles of bootstrap replicates.</summary>
/// <param name="Lower">The lower end.</param>
/// <param name="Upper">The upper end.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public readonly record struct ConfidenceInterval(double Lower, double Upper)
{
    /// <summary>The percentile interval of <paramref name="replicates"/> at level <paramref name="level"/> (e.g. 0.95).</summary>
    /// <exception cref="ArgumentException"><paramref name="replicates"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not in (0, 1).</exception>
    public static ConfidenceInterval Percentile(double[] replicates, double level)
    {
        ArgumentNullException.ThrowIfNull(replicates);
        Guard.IsTrue(replicates.Length > 0, nameof(replicates), "is empty");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, 1);
        double[] sorted = [.. replicates];
        Array.Sort(sorted);
        double tail = (1 - level) / 2;
        int lo = (int)Math.Floor(tail * (sorted.Length - 1));
        int hi = (int)Math.Ceiling((1 - tail) * (sorted.Length - 1));
        return new ConfidenceInterval(sorted[lo], sorted[hi]);
    }
}

namespace Veil.Audit.Attacks;

/// <summary>
/// One statistic of each target point under K reference (shadow) models, and which of those models trained on it:
/// <see cref="Values"/>[k][i] is the statistic of point i under model k, <see cref="IsIn"/>[k][i] says whether model
/// k's training set held point i.
/// </summary>
/// <remarks>Thread-safety: immutable by convention (the arrays are not copied; do not change them).</remarks>
public sealed class ReferenceScores
{
    /// <summary>Wraps the matrices.</summary>
    /// <exception cref="ArgumentException">There is no model, or the rows differ in length.</exception>
    public ReferenceScores(IReadOnlyList<double[]> values, IReadOnlyList<bool[]> isIn)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(isIn);
        Guard.IsTrue(values.Count > 0, nameof(values), "holds no reference model");
        Guard.IsTrue(isIn.Count == values.Count, nameof(isIn), $"holds {isIn.Count} models; the values hold {values.Count}");
        int points = values[0].Length;
        for (int k = 0; k < values.Count; k++)
        {
            Guard.IsTrue(values[k].Length == points && isIn[k].Length == points, nameof(values), $"model {k} does not hold {points} points");
        }

        Values = values;
        IsIn = isIn;
        Points = points;
    }

    /// <summary>The statistic of each point (inner index) under each model (outer index).</summary>
    public IReadOnlyList<double[]> Values { get; }

    /// <summary>Whether each model (outer index) trained on each point (inner index).</summary>
    public IReadOnlyList<bool[]> IsIn { get; }

    /// <summary>Number of reference models.</summary>
    public int Models => Values.Count;

    /// <summary>Number of points.</summary>
    public int Points { get; }
}

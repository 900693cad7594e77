namespace Veil.Audit.Metrics;

/// <summary>
/// The ROC curve of a membership score (higher = more likely a member): one point per distinct score, from (0, 0) to
/// (1, 1). Tied scores move the curve diagonally, so they count half in the area, as the Mann-Whitney statistic does.
/// </summary>
/// <remarks>Thread-safety: immutable after construction.</remarks>
public sealed class RocCurve
{
    private readonly RocPoint[] _points;

    private RocCurve(RocPoint[] points, int members, int nonMembers)
    {
        _points = points;
        Members = members;
        NonMembers = nonMembers;
    }

    /// <summary>Every point, by increasing false-positive rate.</summary>
    public IReadOnlyList<RocPoint> Points => _points;

    /// <summary>Number of members among the targets.</summary>
    public int Members { get; }

    /// <summary>Number of non-members among the targets.</summary>
    public int NonMembers { get; }

    /// <summary>The area under the curve (trapezoids; 0.5 = guessing).</summary>
    public double Auc
    {
        get
        {
            double area = 0;
            for (int i = 1; i < _points.Length; i++)
            {
                area += (_points[i].Fpr - _points[i - 1].Fpr) * 0.5 * (_points[i].Tpr + _points[i - 1].Tpr);
            }

            return area;
        }
    }

    /// <summary>The highest true-positive rate of a threshold whose false-positive rate is at most <paramref name="fpr"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fpr"/> is outside [0, 1].</exception>
    public double TprAtFpr(double fpr)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fpr);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fpr, 1);
        double best = 0;
        foreach (RocPoint p in _points)
        {
            if (p.Fpr <= fpr)
            {
                best = Math.Max(best, p.Tpr);
            }
        }

        return best;
    }

    /// <summary>At most about <paramref name="maxPoints"/> points for plotting on log-log axes: the points nearest to
    /// false-positive rates spaced evenly in log scale from 1/<see cref="NonMembers"/> to 1, plus the ends.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPoints"/> is below 2.</exception>
    public IReadOnlyList<RocPoint> Downsample(int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        if (_points.Length <= maxPoints)
        {
            return _points;
        }

        var result = new List<RocPoint> { _points[0] };
        double low = Math.Log(1.0 / Math.Max(NonMembers, 1));
        int next = 1;
        for (int i = 1; i < maxPoints - 1; i++)
        {
            double target = Math.Exp(low * (1 - ((double)i / (maxPoints - 2))));
            while (next < _points.Length - 1 && _points[next].Fpr < target)
            {
                next++;
            }

            // The last point at or below the target keeps the curve's staircase shape.
            RocPoint chosen = _points[Math.Max(next - 1, 1)];
            if (chosen != result[^1])
            {
                result.Add(chosen);
            }
        }

        result.Add(_points[^1]);
        return result;
    }

    /// <summary>The curve of <paramref name="scores"/>, where <paramref name="members"/> marks the true members.</summary>
    /// <exception cref="ArgumentException">The lengths differ, a score is NaN, or there is no member or no non-member.</exception>
    public static RocCurve Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> members)
    {
        Guard.IsTrue(scores.Length == members.Length, nameof(members), $"holds {members.Length} flags for {scores.Length} scores");
        int n = scores.Length;
        int[] order = new int[n];
        int positives = 0;
        for (int i = 0; i < n; i++)
        {
            Guard.IsTrue(!double.IsNaN(scores[i]), nameof(scores), $"score {i} is NaN");
            order[i] = i;
            positives += members[i] ? 1 : 0;
        }

        int negatives = n - positives;
        Guard.IsTrue(positives > 0 && negatives > 0, nameof(members), "needs at least one member and one non-member");
        double[] keys = scores.ToArray();
        Array.Sort(keys, order);
        var points = new List<RocPoint> { new(0, 0) };
        int tp = 0, fp = 0;
        for (int i = n - 1; i >= 0;)
        {
            double score = keys[i];
            while (i >= 0 && keys[i] == score)
            {
                if (members[order[i]])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }

                i--;
            }

            points.Add(new RocPoint((double)fp / negatives, (double)tp / positives));
        }

        return new RocCurve([.. points], positives, negatives);
    }
}

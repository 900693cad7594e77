namespace Veil.Audit.Metrics;

/// <summary>
/// How well one attack separates members from non-members: AUC and the true-positive rate at 1% and 0.1%
/// false-positive rate, each with a bootstrap interval (targets resampled with replacement), and the ROC curve
/// downsampled for plotting.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record AttackMetrics
{
    /// <summary>Points kept from the ROC curve for plotting.</summary>
    public const int PlotPoints = 200;

    /// <summary>The attack's name (e.g. "lira-online").</summary>
    public required string Attack { get; init; }

    /// <summary>Number of target points scored.</summary>
    public required int Targets { get; init; }

    /// <summary>Number of members among them.</summary>
    public required int Members { get; init; }

    /// <summary>Area under the ROC curve.</summary>
    public required double Auc { get; init; }

    /// <summary>The 95% bootstrap interval of <see cref="Auc"/>.</summary>
    public required ConfidenceInterval AucInterval { get; init; }

    /// <summary>True-positive rate at 1% false-positive rate.</summary>
    public required double TprAt1PercentFpr { get; init; }

    /// <summary>The 95% bootstrap interval of <see cref="TprAt1PercentFpr"/>.</summary>
    public required ConfidenceInterval TprAt1PercentFprInterval { get; init; }

    /// <summary>True-positive rate at 0.1% false-positive rate.</summary>
    public required double TprAtTenthPercentFpr { get; init; }

    /// <summary>The 95% bootstrap interval of <see cref="TprAtTenthPercentFpr"/>.</summary>
    public required ConfidenceInterval TprAtTenthPercentFprInterval { get; init; }

    /// <summary>The ROC curve, downsampled to about <see cref="PlotPoints"/> points.</summary>
    public required IReadOnlyList<RocPoint> Roc { get; init; }

    /// <summary>Scores <paramref name="scores"/> against the truth <paramref name="members"/>, with
    /// <paramref name="bootstrap"/> resamples drawn by a <see cref="System.Random"/> seeded with <paramref name="seed"/>
    /// (an experiment's resampling, not a secret).</summary>
    /// <exception cref="ArgumentException">The lengths differ, a score is NaN, or one class is missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bootstrap"/> is below 1.</exception>
    public static AttackMetrics Evaluate(string attack, ReadOnlySpan<double> scores, ReadOnlySpan<bool> members, int bootstrap = 200, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(attack);
        ArgumentOutOfRangeException.ThrowIfLessThan(bootstrap, 1);
        RocCurve curve = RocCurve.Compute(scores, members);
        int n = scores.Length;
        double[] auc = new double[bootstrap], tpr1 = new double[bootstrap], tpr01 = new double[bootstrap];
        double[] s = new double[n];
        bool[] m = new bool[n];
        var random = new System.Random(seed);
        for (int b = 0; b < bootstrap; b++)
        {
            bool bothClasses;
            do
            {
                bool anyIn = false, anyOut = false;
                for (int i = 0; i < n; i++)
                {
                    int j = random.Next(n);
                    s[i] = scores[j];
                    m[i] = members[j];
                    anyIn |= m[i];
                    anyOut |= !m[i];
                }

                bothClasses = anyIn && anyOut;
            }
            while (!bothClasses);

            RocCurve replicate = RocCurve.Compute(s, m);
            auc[b] = replicate.Auc;
            tpr1[b] = replicate.TprAtFpr(0.01);
            tpr01[b] = replicate.TprAtFpr(0.001);
        }

        return new AttackMetrics
        {
            Attack = attack,
            Targets = n,
            Members = curve.Members,
            Auc = curve.Auc,
            AucInterval = ConfidenceInterval.Percentile(auc, 0.95),
            TprAt1PercentFpr = curve.TprAtFpr(0.01),
            TprAt1PercentFprInterval = ConfidenceInterval.Percentile(tpr1, 0.95),
            TprAtTenthPercentFpr = curve.TprAtFpr(0.001),
            TprAtTenthPercentFprInterval = ConfidenceInterval.Percentile(tpr01, 0.95),
            Roc = curve.Downsample(PlotPoints),
        };
    }
}

namespace Veil.Audit.Attacks;

/// <summary>Per-point Gaussian fits of IN and OUT shadow statistics, for <see cref="Lira"/>.</summary>
internal sealed class GaussianFits
{
    private GaussianFits(int n)
    {
        MeanIn = new double[n];
        SdIn = new double[n];
        MeanOut = new double[n];
        SdOut = new double[n];
    }

    public double[] MeanIn { get; }

    public double[] SdIn { get; }

    public double[] MeanOut { get; }

    public double[] SdOut { get; }

    public static GaussianFits Fit(int points, ReferenceScores shadows, LiraOptions options) => Build(points, shadows, options, withIn: true);

    public static GaussianFits FitOut(int points, ReferenceScores shadows, LiraOptions options) => Build(points, shadows, options, withIn: false);

    private static GaussianFits Build(int points, ReferenceScores shadows, LiraOptions options, bool withIn)
    {
        ArgumentNullException.ThrowIfNull(shadows);
        Guard.IsTrue(shadows.Points == points, nameof(shadows), $"hold {shadows.Points} points; the target has {points}");
        var fits = new GaussianFits(points);
        Side outSide = Side.Compute(shadows, wantIn: false);
        Side inSide = withIn ? Side.Compute(shadows, wantIn: true) : outSide;
        Guard.IsTrue(outSide.Covered > 0, nameof(shadows), "no point has a shadow model trained without it");
        Guard.IsTrue(!withIn || inSide.Covered > 0, nameof(shadows), "no point has a shadow model trained with it");
        double gap = withIn ? AverageGap(inSide, outSide) : 0;
        for (int i = 0; i < points; i++)
        {
            bool hasOut = outSide.Count[i] > 0, hasIn = inSide.Count[i] > 0;
            fits.MeanOut[i] = hasOut ? outSide.Mean[i] : inSide.Mean[i] - gap;
            fits.MeanIn[i] = hasIn ? inSide.Mean[i] : outSide.Mean[i] + gap;
            fits.SdOut[i] = Sd(outSide, i, options);
            fits.SdIn[i] = Sd(inSide, i, options);
        }

        return fits;
    }

    private static double Sd(Side side, int i, LiraOptions options)
    {
        double sd = options.GlobalVariance || side.Count[i] < 2 ? side.PooledSd : side.Sd[i];
        return Math.Max(sd, options.MinStandardDeviation);
    }

    private static double AverageGap(Side inSide, Side outSide)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < inSide.Mean.Length; i++)
        {
            if (inSide.Count[i] > 0 && outSide.Count[i] > 0)
            {
                sum += inSide.Mean[i] - outSide.Mean[i];
                count++;
            }
        }

        Guard.IsTrue(count > 0, "shadows", "no point has both an IN and an OUT shadow model");
        return sum / count;
    }

    private sealed class Side
    {
        public required int[] Count { get; init; }

        public required double[] Mean { get; init; }

        public required double[] Sd { get; init; }

        public required double PooledSd { get; init; }

        public required int Covered { get; init; }

        public static Side Compute(ReferenceScores shadows, bool wantIn)
        {
            int n = shadows.Points;
            int[] count = new int[n];
            double[] sum = new double[n], squares = new double[n];
            for (int k = 0; k < shadows.Models; k++)
            {
                double[] values = shadows.Values[k];
                bool[] isIn = shadows.IsIn[k];
                for (int i = 0; i < n; i++)
                {
                    if (isIn[i] == wantIn)
                    {
                        count[i]++;
                        sum[i] += values[i];
                    }
                }
            }

            double[] mean = new double[n];
            for (int i = 0; i < n; i++)
            {
                mean[i] = count[i] > 0 ? sum[i] / count[i] : 0;
            }

            for (int k = 0; k < shadows.Models; k++)
            {
                double[] values = shadows.Values[k];
                bool[] isIn = shadows.IsIn[k];
                for (int i = 0; i < n; i++)
                {
                    if (isIn[i] == wantIn)
                    {
                        double d = values[i] - mean[i];
                        squares[i] += d * d;
                    }
                }
            }

            double[] sd = new double[n];
            double pooledSquares = 0;
            int pooledDegrees = 0, covered = 0;
            for (int i = 0; i < n; i++)
            {
                sd[i] = count[i] > 1 ? Math.Sqrt(squares[i] / (count[i] - 1)) : 0;
                pooledSquares += squares[i];
                pooledDegrees += Math.Max(count[i] - 1, 0);
                covered += count[i] > 0 ? 1 : 0;
            }

            double pooled = pooledDegrees > 0 ? Math.Sqrt(pooledSquares / pooledDegrees) : 1;
            return new Side { Count = count, Mean = mean, Sd = sd, PooledSd = pooled, Covered = covered };
        }
    }
}

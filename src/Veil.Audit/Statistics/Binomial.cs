namespace Veil.Audit.Statistics;

/// <summary>The binomial distribution: probabilities, tails, and Clopper-Pearson bounds on its success rate.</summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class Binomial
{
    /// <summary>P[Bin(<paramref name="n"/>, <paramref name="p"/>) = <paramref name="k"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or <paramref name="p"/> is outside [0, 1].</exception>
    public static double Pmf(int k, int n, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        if (k < 0 || k > n)
        {
            return 0;
        }

        if (p == 0)
        {
            return k == 0 ? 1 : 0;
        }

        if (p == 1)
        {
            return k == n ? 1 : 0;
        }

        double log = LogChoose(n, k) + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p));
        return Math.Exp(log);
    }

    /// <summary>P[Bin(<paramref name="n"/>, <paramref name="p"/>) ≥ <paramref name="k"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or <paramref name="p"/> is outside [0, 1].</exception>
    public static double UpperTail(int k, int n, double p)
    {
        if (k <= 0)
        {
            return 1;
        }

        double sum = 0;
        for (int i = k; i <= n; i++)
        {
            sum += Pmf(i, n, p);
        }

        return Math.Min(sum, 1);
    }

    /// <summary>P[Bin(<paramref name="n"/>, <paramref name="p"/>) ≤ <paramref name="k"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or <paramref name="p"/> is outside [0, 1].</exception>
    public static double LowerTail(int k, int n, double p) => k >= n ? 1 : 1 - UpperTail(k + 1, n, p);

    /// <summary>The one-sided Clopper-Pearson upper bound at confidence 1 - <paramref name="alpha"/> on the success
    /// rate after <paramref name="successes"/> in <paramref name="trials"/>: the p with P[Bin(trials, p) ≤ successes] = alpha.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The counts are inconsistent or <paramref name="alpha"/> is not in (0, 1).</exception>
    public static double ClopperPearsonUpper(int successes, int trials, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(alpha);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(alpha, 1);
        if (successes == trials)
        {
            return 1;
        }

        double lo = (double)successes / trials, hi = 1;
        for (int i = 0; i < 60; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (LowerTail(successes, trials, mid) > alpha)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return hi;
    }

    /// <summary>log of n choose k.</summary>
    public static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    /// <summary>log n!, from a table below 65,536 and by Stirling's series above.</summary>
    public static double LogFactorial(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n < LogFactorials.Length)
        {
            return LogFactorials[n];
        }

        double x = n;
        return (x * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI * x)) + (1 / (12 * x)) - (1 / (360 * x * x * x));
    }

    private static readonly double[] LogFactorials = BuildTable(1 << 16);

    private static double[] BuildTable(int size)
    {
        double[] table = new double[size];
        for (int i = 2; i < size; i++)
        {
            table[i] = table[i - 1] + Math.Log(i);
        }

        return table;
    }
}

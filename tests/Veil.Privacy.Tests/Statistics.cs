namespace Veil.Privacy.Tests;

/// <summary>
/// Test statistics for the samplers. Every sampler under test runs on a seeded AES-CTR generator, so each test is
/// deterministic; the thresholds are still the statistically justified ones, so a wrong distribution fails and a
/// right one passes with overwhelming probability for any seed: chi-square at tail probability 1e-6 (Wilson-Hilferty
/// approximation), and moments within 5 standard errors (two-sided tail 6e-7).
/// </summary>
internal static class Statistics
{
    /// <summary>Standard errors allowed for a moment.</summary>
    public const double Sigmas = 5;

    /// <summary>A fixed 32-byte seed derived from a label.</summary>
    public static byte[] Seed(string label) => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(label));

    /// <summary>The chi-square statistic of observed counts against expected counts.</summary>
    public static double ChiSquare(ReadOnlySpan<long> observed, ReadOnlySpan<double> expected)
    {
        double statistic = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            double difference = observed[i] - expected[i];
            statistic += difference * difference / expected[i];
        }

        return statistic;
    }

    /// <summary>The chi-square value exceeded with probability about 1e-6 at <paramref name="degrees"/> degrees of
    /// freedom (Wilson-Hilferty: chi2/df is nearly normal after a cube root; z = 4.753 for 1e-6).</summary>
    public static double ChiSquareCritical(int degrees)
    {
        const double z = 4.753;
        double c = 2.0 / (9 * degrees);
        double root = 1 - c + (z * Math.Sqrt(c));
        return degrees * root * root * root;
    }

    /// <summary>Chi-square test of integer samples against a pmf on a range; values outside pool into two tail bins,
    /// and bins with expected count below 10 are merged into their neighbours.</summary>
    public static (double Statistic, double Critical) IntegerGoodnessOfFit(IReadOnlyList<long> samples, Func<long, double> pmf, long from, long to)
    {
        int bins = (int)(to - from + 3);
        var observed = new long[bins];
        var expected = new double[bins];
        double inside = 0;
        for (long v = from; v <= to; v++)
        {
            expected[v - from + 1] = pmf(v);
            inside += pmf(v);
        }

        double lowTail = 0;
        for (long v = from - 1; pmf(v) > 0 && v > from - 100000; v--)
        {
            lowTail += pmf(v);
        }

        expected[0] = lowTail;
        expected[^1] = Math.Max(0, 1 - inside - lowTail);
        foreach (long s in samples)
        {
            observed[s < from ? 0 : s > to ? bins - 1 : s - from + 1]++;
        }

        for (int i = 0; i < bins; i++)
        {
            expected[i] *= samples.Count;
        }

        var mergedObserved = new List<long>();
        var mergedExpected = new List<double>();
        long o = 0;
        double e = 0;
        for (int i = 0; i < bins; i++)
        {
            o += observed[i];
            e += expected[i];
            if (e >= 10)
            {
                mergedObserved.Add(o);
                mergedExpected.Add(e);
                o = 0;
                e = 0;
            }
        }

        mergedObserved[^1] += o;
        mergedExpected[^1] += e;
        double statistic = ChiSquare(mergedObserved.ToArray(), mergedExpected.ToArray());
        return (statistic, ChiSquareCritical(mergedObserved.Count - 1));
    }

    /// <summary>Mean and (population) variance.</summary>
    public static (double Mean, double Variance) Moments(IEnumerable<double> values)
    {
        double n = 0, mean = 0, m2 = 0;
        foreach (double x in values)
        {
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        return (mean, m2 / n);
    }
}

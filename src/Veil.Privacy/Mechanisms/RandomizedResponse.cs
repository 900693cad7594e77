using Veil.Privacy.Sampling;
using Veil.Random;

namespace Veil.Privacy.Mechanisms;

/// <summary>
/// k-ary randomized response (Warner 1965; the k-ary form of Kairouz, Oh and Viswanath): each respondent reports
/// their true category with probability e^epsilon / (e^epsilon + k - 1) and each other category with probability
/// 1 / (e^epsilon + k - 1). That is epsilon-local-DP. For k = 2 the answer is flipped with probability
/// 1 / (1 + e^epsilon).
/// </summary>
/// <remarks>
/// Sampled exactly, without floating point: repeat { draw u uniform in [0, k); if u = 0 report the truth; otherwise,
/// with probability exp(-epsilon) (an exact Bernoulli of exp(-rational)), report category (value + u) mod k }.
/// Each round reports the truth with probability 1/k and each other category with probability e^-epsilon / k, so
/// the report is the truth with probability 1 / (1 + (k - 1) e^-epsilon) as required.
/// Thread-safety: not safe for concurrent use.
/// </remarks>
public sealed class RandomizedResponse
{
    private readonly IRandomSource _random;
    private readonly Rational _epsilon;

    /// <summary>Creates the mechanism.</summary>
    /// <param name="epsilon">&gt; 0.</param>
    /// <param name="categories">k &gt;= 2.</param>
    /// <param name="random">The random source.</param>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="PrivacyParameterException">A value is outside its domain.</exception>
    public RandomizedResponse(double epsilon, int categories, IRandomSource random)
    {
        _random = Guard.NotNull(random);
        Epsilon = PrivacyGuard.Positive(epsilon, "epsilon");
        if (categories < 2)
        {
            throw new PrivacyParameterException($"randomized response needs at least 2 categories; got {categories}.");
        }

        Categories = categories;
        _epsilon = Rational.FromDouble(epsilon);
    }

    /// <summary>Epsilon.</summary>
    public double Epsilon { get; }

    /// <summary>The number of categories k.</summary>
    public int Categories { get; }

    /// <summary>P[report = truth] = 1 / (1 + (k - 1) e^-epsilon).</summary>
    public double TruthProbability => 1 / (1 + ((Categories - 1) * Math.Exp(-Epsilon)));

    /// <summary>P[report = one given other category] = e^-epsilon / (1 + (k - 1) e^-epsilon).</summary>
    public double OtherProbability => Math.Exp(-Epsilon) * TruthProbability;

    /// <summary>The randomized report of <paramref name="value"/> in [0, k).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside [0, k).</exception>
    public int Respond(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, Categories);
        while (true)
        {
            int u = _random.NextInt32(Categories);
            if (u == 0)
            {
                return value;
            }

            if (ExactBernoulli.SampleExpMinus(_random, _epsilon))
            {
                return (value + u) % Categories;
            }
        }
    }

    /// <summary>The randomized report of a yes/no answer (k must be 2).</summary>
    /// <exception cref="InvalidOperationException">The mechanism has more than two categories.</exception>
    public bool Respond(bool value)
    {
        if (Categories != 2)
        {
            throw new InvalidOperationException("Yes/no answers need a mechanism of 2 categories.");
        }

        return Respond(value ? 1 : 0) == 1;
    }

    /// <summary>Unbiased estimates of the true count of each category from the counts of reports:
    /// n_j = (c_j - n p_other) / (p_truth - p_other), n the number of reports.</summary>
    /// <exception cref="ArgumentException">The span does not have one count per category.</exception>
    public double[] EstimateCounts(ReadOnlySpan<long> reportCounts)
    {
        Guard.LengthEquals(reportCounts.Length, Categories, nameof(reportCounts));
        double total = 0;
        foreach (long count in reportCounts)
        {
            total += count;
        }

        double truth = TruthProbability, other = OtherProbability;
        var estimates = new double[Categories];
        for (int j = 0; j < Categories; j++)
        {
            estimates[j] = (reportCounts[j] - (total * other)) / (truth - other);
        }

        return estimates;
    }
}

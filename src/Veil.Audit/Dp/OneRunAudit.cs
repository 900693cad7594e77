using Veil.Audit.Statistics;

namespace Veil.Audit.Dp;

/// <summary>
/// The one-training-run audit of Steinke, Nasr and Jagielski (2023). Each of m canaries is included in training
/// independently with probability ½; the auditor then guesses "in" for the r₊ highest-scoring canaries and "out" for
/// the r₋ lowest, abstaining on the rest. If the training is (ε, δ)-DP, the number V of correct guesses among the
/// r = r₊ + r₋ made is stochastically dominated by Bin(r, e^ε / (1 + e^ε)) up to a δ term (their Theorem 5.2):
/// P[V ≥ v] ≤ P[Bin(r, q) ≥ v] + 2mδ · max_{1≤i≤v} (1/i) Σ_{j=v−i}^{v−1}... concretely the α of their Algorithm 2.
/// The empirical lower bound is the largest ε this test rejects at the given confidence, found by bisection.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class OneRunAudit
{
    /// <summary>The p-value of observing at least <paramref name="correct"/> right guesses out of
    /// <paramref name="guesses"/> among <paramref name="canaries"/> canaries, if training were
    /// (<paramref name="epsilon"/>, <paramref name="delta"/>)-DP.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is inconsistent, or epsilon or delta is negative.</exception>
    public static double PValue(int canaries, int guesses, int correct, double epsilon, double delta)
    {
        Check(canaries, guesses, correct);
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegative(delta);
        double q = 1 / (1 + Math.Exp(-epsilon));
        double beta = Binomial.UpperTail(correct, guesses, q);
        if (delta == 0)
        {
            return Math.Min(beta, 1);
        }

        double alpha = 0, sum = 0;
        for (int i = 1; i <= correct; i++)
        {
            sum += Binomial.Pmf(correct - i, guesses, q);
            if (sum > i * alpha)
            {
                alpha = sum / i;
            }
        }

        return Math.Min(beta + (alpha * delta * 2 * canaries), 1);
    }

    /// <summary>The largest ε rejected at <paramref name="confidence"/> (e.g. 0.95): a lower bound on the true ε of the
    /// training that holds with that probability. 0 when even ε = 0 cannot be rejected.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is inconsistent, delta is negative, or confidence is not in (0, 1).</exception>
    public static double EpsilonLowerBound(int canaries, int guesses, int correct, double delta, double confidence = 0.95)
    {
        Check(canaries, guesses, correct);
        ArgumentOutOfRangeException.ThrowIfNegative(delta);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(confidence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(confidence, 1);
        double p = 1 - confidence;
        if (guesses == 0 || PValue(canaries, guesses, correct, 0, delta) >= p)
        {
            return 0;
        }

        double lo = 0, hi = 1;
        while (PValue(canaries, guesses, correct, hi, delta) < p)
        {
            lo = hi;
            hi *= 2;
            if (hi > 64)
            {
                return lo;
            }
        }

        for (int i = 0; i < 40; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (PValue(canaries, guesses, correct, mid, delta) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Guesses from scores: "in" for the <paramref name="guessIn"/> highest, "out" for the
    /// <paramref name="guessOut"/> lowest; returns how many guesses were made and how many were right.</summary>
    /// <exception cref="ArgumentException">The lengths differ, or more guesses are asked than there are canaries.</exception>
    public static (int Guesses, int Correct) Guess(ReadOnlySpan<double> scores, ReadOnlySpan<bool> included, int guessIn, int guessOut)
    {
        Guard.IsTrue(scores.Length == included.Length, nameof(included), $"holds {included.Length} flags for {scores.Length} scores");
        ArgumentOutOfRangeException.ThrowIfNegative(guessIn);
        ArgumentOutOfRangeException.ThrowIfNegative(guessOut);
        Guard.IsTrue(guessIn + guessOut <= scores.Length, nameof(guessIn), $"{guessIn} + {guessOut} guesses exceed {scores.Length} canaries");
        int[] order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        double[] keys = scores.ToArray();
        Array.Sort(keys, order);
        int correct = 0;
        for (int i = 0; i < guessOut; i++)
        {
            correct += included[order[i]] ? 0 : 1;
        }

        for (int i = 0; i < guessIn; i++)
        {
            correct += included[order[^(i + 1)]] ? 1 : 0;
        }

        return (guessIn + guessOut, correct);
    }

    private static void Check(int canaries, int guesses, int correct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(correct);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(correct, guesses);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(guesses, canaries);
    }
}

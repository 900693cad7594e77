namespace Veil.Audit.Attacks;

/// <summary>
/// The LOSS (threshold) attack of Yeom et al. (2018): a point whose loss under the target model is low was probably
/// trained on. The score is the negated cross-entropy loss of the true label, so higher means "member"; sweeping a
/// threshold over it gives the ROC curve.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class LossAttack
{
    /// <summary>Writes the membership score of each target (−loss) to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Score(ReadOnlySpan<double> losses, Span<double> destination)
    {
        Guard.IsTrue(destination.Length == losses.Length, nameof(destination), $"holds {destination.Length} entries for {losses.Length} losses");
        for (int i = 0; i < losses.Length; i++)
        {
            destination[i] = -losses[i];
        }
    }

    /// <summary>The membership score of each target (−loss), as a new array.</summary>
    public static double[] ScoreNew(ReadOnlySpan<double> losses)
    {
        double[] scores = new double[losses.Length];
        Score(losses, scores);
        return scores;
    }
}

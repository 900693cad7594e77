namespace Veil.Audit.Dp;

/// <summary>The outcome of a one-run canary audit of DP-SGD.</summary>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record CanaryAuditResult
{
    /// <summary>Canaries m (each included with probability ½).</summary>
    public required int Canaries { get; init; }

    /// <summary>How many were included in training.</summary>
    public required int Included { get; init; }

    /// <summary>Guesses made (r).</summary>
    public required int Guesses { get; init; }

    /// <summary>Right guesses (v).</summary>
    public required int Correct { get; init; }

    /// <summary>The empirical ε lower bound at <see cref="Confidence"/>.</summary>
    public required double EmpiricalEpsilon { get; init; }

    /// <summary>The accountant's ε for the same run (an upper bound, if the implementation is right).</summary>
    public required double AccountantEpsilon { get; init; }

    /// <summary>δ of both.</summary>
    public required double Delta { get; init; }

    /// <summary>The confidence of the lower bound.</summary>
    public required double Confidence { get; init; }

    /// <summary>Examples trained on (non-canaries plus included canaries).</summary>
    public required int TrainingExamples { get; init; }
}

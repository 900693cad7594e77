namespace Veil.He.Ckks;

/// <summary>How a <see cref="CkksEvaluator"/> treats operands of different levels or scales.</summary>
/// <remarks>Thread-safety: an immutable record.</remarks>
public sealed record CkksEvaluatorOptions
{
    /// <summary>When true, a binary operation on operands at different levels works at the lower level (dropping the
    /// other's extra primes, which is exact and free). When false (the default) it throws <see cref="OperandMismatchException"/>.</summary>
    public bool AlignLevels { get; init; }

    /// <summary>When true, adding operands whose scales differ multiplies the one with the smaller scale by the nearest
    /// integer to the ratio (exact when the ratio is an integer) and accepts the remaining mismatch, at most a relative
    /// 1/(2·ratio), as Lattigo does. When false (the default) scales must agree within <see cref="ScaleTolerance"/>.</summary>
    public bool AlignScales { get; init; }

    /// <summary>Relative difference below which two scales count as equal (default 1e-9: rounding only; the drift a
    /// rescale by a prime ≠ Δ leaves, about 2^-22, is a mismatch).</summary>
    public double ScaleTolerance { get; init; } = 1e-9;
}

namespace Veil.He.Rlwe;

/// <summary>
/// The unchecked description of a parameter set, as a user writes it: ring degree, the bit sizes (or the values) of the
/// ciphertext primes Q and of the special primes P used in key switching, and the default scale.
/// <see cref="Parameters.Create"/> validates it and precomputes the tables.
/// </summary>
/// <example>
/// <code>
/// var literal = new ParametersLiteral { LogN = 14, LogQ = [50, 40, 40, 40, 40], LogP = [50, 50], LogDefaultScale = 40 };
/// Parameters parameters = Parameters.Create(literal);
/// </code>
/// </example>
/// <remarks>Thread-safety: an immutable record.</remarks>
public sealed record ParametersLiteral
{
    /// <summary>log2 of the ring degree N, in [12, 16].</summary>
    public int LogN { get; init; }

    /// <summary>Bit sizes of the ciphertext primes q_0 (the base, kept to the end) to q_L (the first divided away by
    /// rescaling). Ignored when <see cref="Q"/> is given.</summary>
    public IReadOnlyList<int>? LogQ { get; init; }

    /// <summary>Bit sizes of the special primes of hybrid key switching. Ignored when <see cref="P"/> is given.</summary>
    public IReadOnlyList<int>? LogP { get; init; }

    /// <summary>Explicit ciphertext primes, instead of <see cref="LogQ"/>.</summary>
    public IReadOnlyList<ulong>? Q { get; init; }

    /// <summary>Explicit special primes, instead of <see cref="LogP"/>.</summary>
    public IReadOnlyList<ulong>? P { get; init; }

    /// <summary>log2 of the default scale Δ with which CKKS values are encoded; 0 for BFV.</summary>
    public double LogDefaultScale { get; init; }

    /// <summary>The plaintext modulus t of BFV: a prime congruent to 1 mod 2N (so values batch into N slots), below
    /// every prime of Q. 0 (the default) for CKKS, which has no plaintext modulus.</summary>
    public ulong PlaintextModulus { get; init; }
}

using Veil.He.Rlwe;

namespace Veil.He.Bfv;

/// <summary>
/// Named BFV parameter sets, all at 128-bit classical security (Homomorphic Encryption Standard, ternary secret): SEAL's
/// default coefficient moduli (the last prime special) with a 20-bit batching plaintext modulus, as SEAL's
/// <c>PlainModulus::Batching(N, 20)</c> picks it (the largest 20-bit prime ≡ 1 mod 2N).
/// </summary>
/// <remarks>Thread-safety: immutable records.</remarks>
public static class BfvPresets
{
    /// <summary>N = 4096, Q = 36 + 36 bits, P = 37 bits (109 bits), t of 20 bits: one multiplication.</summary>
    public static ParametersLiteral N4096 { get; } = Make(12, [36, 36], [37]);

    /// <summary>N = 8192, Q = 43 + 43 + 44 + 44 bits, P = 44 bits (218 bits), t of 20 bits: depth 3. SEAL's default;
    /// the benchmark's parameter set.</summary>
    public static ParametersLiteral N8192 { get; } = Make(13, [43, 43, 44, 44], [44]);

    /// <summary>N = 16384, Q = 3×48 + 5×49 bits, P = 49 bits (438 bits), t of 20 bits: depth 8 or so.</summary>
    public static ParametersLiteral N16384 { get; } = Make(14, [48, 48, 48, 49, 49, 49, 49, 49], [49]);

    /// <summary>Every preset by name.</summary>
    public static IReadOnlyDictionary<string, ParametersLiteral> All { get; } = new Dictionary<string, ParametersLiteral>
    {
        [nameof(N4096)] = N4096,
        [nameof(N8192)] = N8192,
        [nameof(N16384)] = N16384,
    };

    /// <summary>The largest prime of <paramref name="bits"/> bits congruent to 1 mod 2N, a batching plaintext modulus.</summary>
    /// <exception cref="ArgumentOutOfRangeException">bits is outside [20, 61] or logN outside [1, 20].</exception>
    public static ulong BatchingModulus(int logN, int bits) => Arithmetic.Primes.GenerateNttPrimes(logN, [bits])[0];

    private static ParametersLiteral Make(int logN, int[] logQ, int[] logP) =>
        new() { LogN = logN, LogQ = logQ, LogP = logP, PlaintextModulus = BatchingModulus(logN, 20) };
}

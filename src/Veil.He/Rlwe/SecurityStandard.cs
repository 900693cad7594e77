namespace Veil.He.Rlwe;

/// <summary>
/// The largest total modulus log2(Q·P) that keeps RLWE with a uniform ternary secret and error σ = 3.2 at 128-bit
/// classical security: the Homomorphic Encryption Standard (Albrecht et al., 2018, table for ternary secrets) for
/// N = 2^10 … 2^15, and OpenFHE's extension of that table for N = 2^16.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class SecurityStandard
{
    /// <summary>The security level these bounds give, in bits (classical).</summary>
    public const int SecurityBits = 128;

    /// <summary>Returns the largest log2(Q·P) allowed at ring degree 2^<paramref name="logN"/>, or 0 when the table has
    /// no entry (N below 2^10 or above 2^16).</summary>
    public static int MaxLogQP(int logN) => logN switch
    {
        10 => 27,
        11 => 54,
        12 => 109,
        13 => 218,
        14 => 438,
        15 => 881,
        16 => 1747,
        _ => 0,
    };
}

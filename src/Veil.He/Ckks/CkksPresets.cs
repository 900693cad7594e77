using Veil.He.Rlwe;

namespace Veil.He.Ckks;

/// <summary>
/// Named CKKS parameter sets, all at 128-bit classical security (Homomorphic Encryption Standard, ternary secret).
/// Depth is the number of rescalings (multiplicative levels) available; the first prime leaves headroom for the
/// integer part of values (|x| up to about 2^(log q_0 − log Δ − 1)).
/// </summary>
/// <remarks>Thread-safety: immutable records.</remarks>
public static class CkksPresets
{
    /// <summary>N = 8192, Q = 49 + 3×40 bits, P = 49 bits (218 bits): depth 3 at scale 2^40.</summary>
    public static ParametersLiteral N8192Depth3 { get; } = new() { LogN = 13, LogQ = [49, 40, 40, 40], LogP = [49], LogDefaultScale = 40 };

    /// <summary>N = 16384, Q = 50 + 7×40 bits, P = 2×50 bits (430 bits): depth 7 at scale 2^40, two-prime key-switching digits.</summary>
    public static ParametersLiteral N16384Depth7 { get; } = new() { LogN = 14, LogQ = [50, 40, 40, 40, 40, 40, 40, 40], LogP = [50, 50], LogDefaultScale = 40 };

    /// <summary>N = 16384, Q = 45 + 9×35 bits, P = 2×39 bits (438 bits): depth 9 at scale 2^35.</summary>
    public static ParametersLiteral N16384Depth9 { get; } = new() { LogN = 14, LogQ = [45, 35, 35, 35, 35, 35, 35, 35, 35, 35], LogP = [39, 39], LogDefaultScale = 35 };

    /// <summary>SEAL's default coefficient modulus at N = 8192: {43, 43, 44, 44 | 44} (218 bits, the last the special
    /// prime), scale 2^40. The benchmark's parameter set.</summary>
    public static ParametersLiteral Seal8192 { get; } = new() { LogN = 13, LogQ = [43, 43, 44, 44], LogP = [44], LogDefaultScale = 40 };

    /// <summary>SEAL's default coefficient modulus at N = 16384: {48, 48, 48, 49, 49, 49, 49, 49 | 49} (438 bits),
    /// scale 2^40. The benchmark's parameter set.</summary>
    public static ParametersLiteral Seal16384 { get; } = new() { LogN = 14, LogQ = [48, 48, 48, 49, 49, 49, 49, 49], LogP = [49], LogDefaultScale = 40 };

    /// <summary>Every preset by name.</summary>
    public static IReadOnlyDictionary<string, ParametersLiteral> All { get; } = new Dictionary<string, ParametersLiteral>
    {
        [nameof(N8192Depth3)] = N8192Depth3,
        [nameof(N16384Depth7)] = N16384Depth7,
        [nameof(N16384Depth9)] = N16384Depth9,
        [nameof(Seal8192)] = Seal8192,
        [nameof(Seal16384)] = Seal16384,
    };
}

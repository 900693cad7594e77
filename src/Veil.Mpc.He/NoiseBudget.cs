namespace Veil.Mpc.He;

/// <summary>
/// Worst-case noise bounds (as base-2 logarithms) for a reply: the product noise of a plaintext-ciphertext product and
/// the flooding width that hides it.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class NoiseBudget
{
    /// <summary>Bound on fresh noise plus encoding rounding, per coefficient: 21 + ½.</summary>
    public const double FreshNoise = RlweSampling.ErrorBound + 0.5;

    /// <summary>
    /// log2 of a bound on the noise of Σ over blocks of Enc(R)·L: each plaintext coefficient is below 2^63 in absolute
    /// value, and <paramref name="terms"/> (kb·m_w·k_w) nonzero plaintext coefficients meet each noise coefficient.
    /// The re-randomization noise (below 2^21 at N ≤ 2^16) is folded in by rounding up.
    /// </summary>
    public static int ProductNoiseBits(long terms) =>
        (int)Math.Ceiling(Math.Log2((terms * FreshNoise * Math.Pow(2, 63)) + Math.Pow(2, 22)));

    /// <summary>The flooding exponent f: noise uniform in [−2^f, 2^f) hides a shift below 2^noiseBits in each of the
    /// N coefficients within total statistical distance 2^−floodingBits.</summary>
    public static int FloodBits(int noiseBits, int floodingBits, int logN) => noiseBits + floodingBits + logN;
}

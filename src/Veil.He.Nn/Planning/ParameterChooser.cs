using Veil.He.Rlwe;

namespace Veil.He.Nn.Planning;

/// <summary>
/// Picks CKKS parameters for a circuit of a given multiplicative depth at 128-bit security: the smallest ring degree N
/// whose Homomorphic Encryption Standard budget fits a chain q_0 (scale + <see cref="HeadroomBits"/>), depth primes of
/// the scale's size, and one special prime the size of q_0, with the scale as large as the budget allows (at most
/// <see cref="MaxScaleBits"/>, at least <see cref="MinScaleBits"/>).
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
public static class ParameterChooser
{
    /// <summary>Bits of q_0 above the scale: decrypted results must stay below 2^(HeadroomBits − 1) in magnitude.</summary>
    public const int HeadroomBits = 10;

    /// <summary>The largest scale used (primes stay below 2^50 for the vector kernels).</summary>
    public const int MaxScaleBits = 40;

    /// <summary>The smallest scale accepted (below it, logits lose more than about 10^-3).</summary>
    public const int MinScaleBits = 26;

    /// <summary>The parameters for <paramref name="depth"/> levels.</summary>
    /// <exception cref="Circuit.UnsupportedModelException">No ring degree up to 2^16 fits the depth.</exception>
    public static ParametersLiteral Choose(int depth, int minLogN = Parameters.MinLogN + 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        for (int logN = minLogN; logN <= Parameters.MaxLogN; logN++)
        {
            int budget = SecurityStandard.MaxLogQP(logN);
            int scale = Math.Min(MaxScaleBits, (budget - (2 * HeadroomBits)) / (depth + 2));
            if (scale >= MinScaleBits)
            {
                int top = scale + HeadroomBits;
                return new ParametersLiteral
                {
                    LogN = logN,
                    LogQ = [top, .. Enumerable.Repeat(scale, depth)],
                    LogP = [top],
                    LogDefaultScale = scale,
                };
            }
        }

        throw new Circuit.UnsupportedModelException(
            $"a circuit of depth {depth} does not fit 128-bit secure CKKS parameters up to N = 2^{Parameters.MaxLogN}; use a shallower model.");
    }
}

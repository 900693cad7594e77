using Veil.He.Rlwe;

namespace Veil.Mpc.He;

/// <summary>
/// The lattice parameters of <see cref="HeTripleSource"/>: ring degree N = 2^<see cref="LogN"/>, the bit sizes of the
/// NTT primes whose product is the ciphertext modulus Q, how many of them a reply keeps after modulus switching, and
/// the statistical security of noise flooding. Both parties must use the same options.
/// </summary>
/// <remarks>
/// The defaults are N = 8192 and Q of 218 bits (primes of 44, 44, 44, 43, 43 bits), the largest modulus the
/// Homomorphic Encryption Standard allows at N = 8192 for 128-bit security with a ternary secret; replies are switched
/// down to the first two primes (88 bits). Noise budget at the defaults (coefficient bounds, t = 2^64):
/// fresh encryption noise |e| ≤ 21 (centered binomial, σ ≈ 3.24) plus the encoding's rounding ½; a product with a plaintext
/// block of at most m_w·k_w nonzero coefficients below 2^63, summed over kb blocks, grows it to
/// B ≤ kb·m_w·k_w·21.5·2^63 (at most 2^84.5 for the largest layout allowed, kb·m_w·k_w ≤ 16 N); flooding adds a uniform
/// value in [−2^f, 2^f) with f = ⌈log2 B⌉ + <see cref="FloodingBits"/> + log2 N, so the reply is within statistical
/// distance 2^−<see cref="FloodingBits"/> of one that depends on the evaluator's operand only through the product;
/// decryption is exact while (B + 2^f)/Q + (N + 1)/Q' &lt; 1/2^65, which the defaults meet with 8 bits to spare for Q (Q''s spare bits go to rounding replies on the wire),
/// so the failure probability is zero (every bound is worst-case, not probabilistic).
/// Thread-safety: immutable, safe from any thread.
/// </remarks>
public sealed record HeTripleOptions
{
    /// <summary>The largest layout noise factor kb·m_w·k_w, as a multiple of N, that a valid parameter set must support.</summary>
    internal const int LayoutFactor = 16;

    /// <summary>log2 of the ring degree N (13 or more; the HE Standard table covers 10 … 16).</summary>
    public int LogN { get; init; } = 13;

    /// <summary>Bit sizes of the ciphertext primes, in order; the first <see cref="ReplyPrimes"/> form the reply modulus.
    /// Each must lie in [20, 50] (the vectorized NTT needs primes below 2^50).</summary>
    public IReadOnlyList<int> PrimeBits { get; init; } = [44, 44, 44, 43, 43];

    /// <summary>How many primes a reply keeps after modulus switching (2: the reply codec lifts two residues to one integer).</summary>
    public int ReplyPrimes { get; init; } = 2;

    /// <summary>Statistical security of noise flooding, in bits (at least 40).</summary>
    public int FloodingBits { get; init; } = 40;

    /// <summary>
    /// How many triples a fixed mask is expected to serve: its one-off upload is weighed at 1/FixedMaskUses against
    /// each triple's replies when its block layout is chosen (larger: bigger upload, smaller replies). In [1, 10^6].
    /// </summary>
    public int FixedMaskUses { get; init; } = 10;

    /// <summary>The most ciphertexts one fixed mask may take (each kept by the peer: about 330 KB at the defaults).</summary>
    public int MaxFixedCiphertexts { get; init; } = 512;

    /// <summary>The default parameters.</summary>
    public static HeTripleOptions Default { get; } = new();

    /// <summary>log2 of the total modulus Q (the sum of the prime sizes), as the security table counts it.</summary>
    public int LogQ => PrimeBits.Sum();

    /// <summary>Checks that the options are secure and leave room for exact decryption.</summary>
    /// <exception cref="ArgumentException">The ring degree is out of range, Q is too large for 128-bit security by the
    /// HE Standard table, flooding is below 40 bits, or Q is too small for the flooded noise.</exception>
    public void Validate()
    {
        Guard.NotNull(PrimeBits);
        if (LogN < 12 || LogN > 16)
        {
            throw new ArgumentException($"LogN must lie in [12, 16]; got {LogN}.", nameof(LogN));
        }

        if (PrimeBits.Count < 3 || PrimeBits.Any(b => b < 20 || b > 50))
        {
            throw new ArgumentException("PrimeBits must hold at least three sizes, each in [20, 50].", nameof(PrimeBits));
        }

        int max = SecurityStandard.MaxLogQP(LogN);
        if (LogQ > max)
        {
            throw new ArgumentException(
                $"Q has {LogQ} bits, but at N = {1 << LogN} at most {max} bits give {SecurityStandard.SecurityBits}-bit security (HE Standard).",
                nameof(PrimeBits));
        }

        if (FloodingBits < 40 || FloodingBits > 128)
        {
            throw new ArgumentException($"FloodingBits must lie in [40, 128]; got {FloodingBits}.", nameof(FloodingBits));
        }

        if (FixedMaskUses < 1 || FixedMaskUses > 1_000_000 || MaxFixedCiphertexts < 1)
        {
            throw new ArgumentException("FixedMaskUses must lie in [1, 10^6] and MaxFixedCiphertexts be positive.", nameof(FixedMaskUses));
        }

        if (ReplyPrimes != 2)
        {
            throw new ArgumentException("ReplyPrimes must be 2.", nameof(ReplyPrimes));
        }

        // Worst-case budget: the smallest Q the primes can give against the largest flooded noise.
        int minLogQ = PrimeBits.Sum(b => b - 1);
        int minLogReply = PrimeBits.Take(ReplyPrimes).Sum(b => b - 1);
        int flood = NoiseBudget.FloodBits(NoiseBudget.ProductNoiseBits((long)LayoutFactor << LogN), FloodingBits, LogN);
        if (minLogQ < 64 + 2 + flood + 1 || minLogReply < 64 + 2 + LogN + 2)
        {
            throw new ArgumentException(
                $"Q of {LogQ} bits (reply {PrimeBits.Take(ReplyPrimes).Sum()} bits) leaves no room for t = 2^64 with {FloodingBits}-bit flooding (needs about {64 + 3 + flood} bits).",
                nameof(PrimeBits));
        }
    }
}

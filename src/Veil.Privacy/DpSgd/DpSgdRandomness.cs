using Veil.Privacy.Mechanisms;
using Veil.Random;

namespace Veil.Privacy.DpSgd;

/// <summary>
/// The two sources of secret randomness of DP-SGD: the coins of Poisson sampling (which examples join a batch) and
/// the Gaussian noise. Both are part of what the privacy analysis keeps secret.
/// </summary>
/// <remarks>
/// <see cref="CreateSecure"/> draws both from the operating system's CSPRNG: use it for every real training run.
/// <see cref="CreateSeeded(ReadOnlySpan{byte}, bool)"/> expands a 32-byte seed with AES-256-CTR (independent streams for sampling and each noise lane), so a run can be
/// replayed bit for bit: for tests and reproducible experiments only, since anyone holding the seed can recompute
/// the noise and undo it.
/// Thread-safety: not safe for concurrent use.
/// </remarks>
public sealed class DpSgdRandomness : IDisposable
{
    private readonly IDisposable[] _owned;

    private DpSgdRandomness(IRandomSource sampling, GaussianNoise[] noise, bool seeded, IDisposable[] owned)
    {
        Sampling = sampling;
        Noise = noise;
        IsSeeded = seeded;
        _owned = owned;
    }

    /// <summary>Noise generators, each drawing from its own stream: noise for a large gradient is drawn by all of
    /// them in parallel, each for a fixed part of the coordinates (so a seeded run does not depend on scheduling).</summary>
    public const int NoiseLanes = 2;

    /// <summary>Coins for Poisson sampling.</summary>
    public IRandomSource Sampling { get; }

    /// <summary>The Gaussian noise generators, <see cref="NoiseLanes"/> of them.</summary>
    public IReadOnlyList<GaussianNoise> Noise { get; }

    /// <summary>True for a replayable (seeded) source, which must never protect real data.</summary>
    public bool IsSeeded { get; }

    /// <summary>Sampling and noise from the operating system's CSPRNG.</summary>
    /// <param name="hardenedNoise">Draw each noise value as (Z1 + Z2 + Z3 + Z4) / 2 (see <see cref="GaussianNoise"/>).</param>
    public static DpSgdRandomness CreateSecure(bool hardenedNoise = false)
    {
        GaussianNoise[] noise = [.. Enumerable.Range(0, NoiseLanes).Select(_ => GaussianNoise.CreateSecure(hardenedNoise))];
        return new DpSgdRandomness(new CryptoRandom(), noise, seeded: false, noise);
    }

    /// <summary>Sampling and noise expanded from <paramref name="seed"/> (32 bytes) by AES-256-CTR, on two separate
    /// streams (one for sampling, one per noise lane). For tests and reproducible experiments only.</summary>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is not 32 bytes.</exception>
    public static DpSgdRandomness CreateSeeded(ReadOnlySpan<byte> seed, bool hardenedNoise = false)
    {
        Guard.LengthEquals(seed.Length, AesCtrPrg.SeedSize, nameof(seed));
        var sampling = new AesCtrPrg(seed, stream: 1);
        var noiseWords = new AesCtrPrg[NoiseLanes];
        for (int lane = 0; lane < NoiseLanes; lane++)
        {
            noiseWords[lane] = new AesCtrPrg(seed, stream: 2 + (ulong)lane);
        }

        GaussianNoise[] noise = [.. noiseWords.Select(words => new GaussianNoise(words, hardenedNoise))];
        return new DpSgdRandomness(sampling, noise, seeded: true, [sampling, .. noiseWords, .. noise]);
    }

    /// <summary>A seeded source from an integer (the seed bytes are the integer's little-endian bytes, zero-padded).
    /// For tests and reproducible experiments only.</summary>
    public static DpSgdRandomness CreateSeeded(int seed, bool hardenedNoise = false)
    {
        byte[] bytes = new byte[AesCtrPrg.SeedSize];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes, seed);
        return CreateSeeded(bytes, hardenedNoise);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }
}

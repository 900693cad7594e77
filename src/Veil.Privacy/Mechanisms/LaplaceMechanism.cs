using Veil.Privacy.Sampling;
using Veil.Random;

namespace Veil.Privacy.Mechanisms;

/// <summary>
/// The Laplace mechanism, made exact: epsilon-DP release of a query of bounded L1 sensitivity, with discrete Laplace
/// noise on a power-of-two grid (<see cref="DiscreteNoiseMechanism"/>, <see cref="DiscreteLaplaceSampler"/>).
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use. Pass a <see cref="CryptoRandom"/> (or an AES-CTR generator
/// keyed from it) in production; a seeded <see cref="AesCtrPrg"/> makes releases reproducible for tests.</remarks>
public sealed class LaplaceMechanism : DiscreteNoiseMechanism
{
    private readonly DiscreteLaplaceSampler _sampler;

    /// <summary>Creates the mechanism.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public LaplaceMechanism(LaplaceParameters parameters, IRandomSource random)
        : base(Guard.NotNull(parameters).Granularity, parameters.Dimension)
    {
        Parameters = parameters;
        _sampler = new DiscreteLaplaceSampler(parameters.GridScale, Guard.NotNull(random));
    }

    /// <summary>The parameters.</summary>
    public LaplaceParameters Parameters { get; }

    private protected override long SampleNoise() => _sampler.SampleInt64();
}

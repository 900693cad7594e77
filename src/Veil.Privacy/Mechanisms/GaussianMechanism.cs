using Veil.Privacy.Sampling;
using Veil.Random;

namespace Veil.Privacy.Mechanisms;

/// <summary>
/// The Gaussian mechanism, made exact: (epsilon, delta)-DP release of a query of bounded L2 sensitivity, with
/// discrete Gaussian noise on a power-of-two grid (<see cref="DiscreteNoiseMechanism"/>,
/// <see cref="DiscreteGaussianSampler"/>), calibrated for the discrete distribution (<see cref="GaussianParameters"/>).
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use. Pass a <see cref="CryptoRandom"/> (or an AES-CTR generator
/// keyed from it) in production; a seeded <see cref="AesCtrPrg"/> makes releases reproducible for tests.</remarks>
public sealed class GaussianMechanism : DiscreteNoiseMechanism
{
    private readonly DiscreteGaussianSampler _sampler;

    /// <summary>Creates the mechanism.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public GaussianMechanism(GaussianParameters parameters, IRandomSource random)
        : base(Guard.NotNull(parameters).Granularity, parameters.Dimension)
    {
        Parameters = parameters;
        _sampler = new DiscreteGaussianSampler(parameters.GridVariance, Guard.NotNull(random));
    }

    /// <summary>The parameters.</summary>
    public GaussianParameters Parameters { get; }

    private protected override long SampleNoise() => _sampler.SampleInt64();
}

using BenchmarkDotNet.Attributes;
using Veil.Privacy.Mechanisms;
using Veil.Privacy.Sampling;
using Veil.Random;

namespace Veil.Benchmarks.Privacy;

/// <summary>
/// Noise generation: the fast CSPRNG Gaussian for DP-SGD (per million float coordinates, the size of a small CNN's
/// gradient) against the raw cost of the random words it consumes, and the exact discrete samplers (per 1000 samples).
/// </summary>
[MemoryDiagnoser]
public class NoiseBenchmarks
{
    private const int Coordinates = 1 << 20;
    private readonly float[] _gradient = new float[Coordinates];
    private readonly ulong[] _words = new ulong[Coordinates]; // the 8 MB of words a million normals consume
    private readonly CryptoRandom _os = new();
    private GaussianNoise _fast = null!;
    private GaussianNoise _seeded = null!;
    private GaussianNoise _hardened = null!;
    private DiscreteGaussianSampler _discreteGaussian = null!;
    private DiscreteLaplaceSampler _discreteLaplace = null!;
    private GaussianMechanism _mechanism = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fast = GaussianNoise.CreateSecure();
        _seeded = GaussianNoise.CreateSeeded(new byte[32]);
        _hardened = GaussianNoise.CreateSecure(hardened: true);
        _discreteGaussian = new DiscreteGaussianSampler(Rational.FromDouble(1000.5 * 1000.5), _os);
        _discreteLaplace = new DiscreteLaplaceSampler(Rational.FromDouble(1000.5), _os);
        _mechanism = new GaussianMechanism(new GaussianParameters(1, 1, 1e-5), _os);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fast.Dispose();
        _seeded.Dispose();
        _hardened.Dispose();
    }

    [Benchmark(Baseline = true, Description = "OS CSPRNG words only, 2^20 x 8 bytes")]
    public void RandomWords() => _os.Fill(_words);

    [Benchmark(Description = "Gaussian noise 2^20 floats, OS CSPRNG")]
    public void FastGaussian() => _fast.AddTo(_gradient, 1.1);

    [Benchmark(Description = "Gaussian noise 2^20 floats, seeded AES-CTR")]
    public void SeededGaussian() => _seeded.AddTo(_gradient, 1.1);

    [Benchmark(Description = "Gaussian noise 2^20 floats, hardened (sum of 4)")]
    public void HardenedGaussian() => _hardened.AddTo(_gradient, 1.1);

    [Benchmark(OperationsPerInvoke = 1000, Description = "Exact discrete Gaussian, sigma ~1000, per sample")]
    public long DiscreteGaussian()
    {
        long sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += _discreteGaussian.SampleInt64();
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 1000, Description = "Exact discrete Laplace, t ~1000, per sample")]
    public long DiscreteLaplace()
    {
        long sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += _discreteLaplace.SampleInt64();
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 1000, Description = "Gaussian mechanism release (eps 1, delta 1e-5), per value")]
    public double GaussianMechanismRelease()
    {
        double sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += _mechanism.Release(i);
        }

        return sum;
    }
}

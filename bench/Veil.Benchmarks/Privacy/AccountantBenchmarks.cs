using BenchmarkDotNet.Attributes;
using Veil.Privacy.Accounting;

namespace Veil.Benchmarks.Privacy;

/// <summary>
/// The cost of one epsilon query for the MNIST setting of TF Privacy's tutorial (N = 60000, batch 256, sigma 1.1,
/// 60 epochs = 14063 steps, delta 1e-5), from an empty accountant (no cached RDP curve), and of a noise search.
/// </summary>
[MemoryDiagnoser]
public class AccountantBenchmarks
{
    private const double Sigma = 1.1;
    private const double SampleRate = 256.0 / 60000;
    private const long Steps = 14063;
    private const double Delta = 1e-5;

    [Benchmark(Baseline = true, Description = "RDP, Opacus grid (151 orders)")]
    public double RdpOpacusGrid()
    {
        var accountant = new RdpAccountant(RdpOrders.Opacus);
        accountant.Compose(Sigma, SampleRate, Steps);
        return accountant.GetEpsilon(Delta);
    }

    [Benchmark(Description = "RDP, Veil default (grid + refined order)")]
    public double RdpDefault()
    {
        var accountant = new RdpAccountant();
        accountant.Compose(Sigma, SampleRate, Steps);
        return accountant.GetEpsilon(Delta);
    }

    [Benchmark(Description = "PRV, eps error 0.01")]
    public double Prv()
    {
        var accountant = new PrvAccountant();
        accountant.Compose(Sigma, SampleRate, Steps);
        return accountant.GetEpsilon(Delta);
    }

    [Benchmark(Description = "Noise search, RDP, target 3")]
    public double NoiseSearchRdp() => NoiseMultiplierSearch.Find(3, Delta, SampleRate, Steps).NoiseMultiplier;
}

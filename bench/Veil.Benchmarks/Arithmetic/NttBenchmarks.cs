using BenchmarkDotNet.Attributes;
using Veil.Arithmetic;

namespace Veil.Benchmarks.Arithmetic;

/// <summary>The negacyclic NTT and the pointwise kernels on one prime of SEAL's default size at each N (44 bits at
/// 8192, 49 bits at 16384). Reported as <c>Ntt.Forward: N=8192</c>.</summary>
/// <remarks>Run: <c>dotnet run -c Release --project bench/Veil.Benchmarks -- --filter '*Ntt*'</c>.</remarks>
public class Ntt
{
    private NttTables _tables = null!;
    private ulong[] _a = [], _b = [], _c = [];

    [Params(8192, 16384)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int logN = N == 8192 ? 13 : 14;
        var modulus = new Modulus(Primes.GenerateNttPrimes(logN, [N == 8192 ? 44 : 49])[0]);
        _tables = new NttTables(modulus, logN);
        var random = new System.Random(1);
        ulong[] Residues() => Enumerable.Range(0, N).Select(_ => (ulong)random.NextInt64((long)modulus.Value)).ToArray();
        (_a, _b, _c) = (Residues(), Residues(), Residues());
    }

    [Benchmark]
    public void Forward() => Veil.Arithmetic.Ntt.Forward(_a, _tables);

    [Benchmark]
    public void Inverse() => Veil.Arithmetic.Ntt.Inverse(_a, _tables);

    [Benchmark]
    public void PointwiseMultiply() => ModularKernels.Multiply(_b, _c, _a, _tables.Modulus);

    [Benchmark]
    public void PointwiseMultiplyAdd() => ModularKernels.MultiplyAdd(_b, _c, _a, _tables.Modulus);
}

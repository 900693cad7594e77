using BenchmarkDotNet.Attributes;
using Veil.Tensors.Kernels;

namespace Veil.Benchmarks.Tensors;

/// <summary>Single-precision matrix products of the shapes the zoo's training uses, and a square reference size.
/// GFLOP/s = 2·M·N·K / time.</summary>
/// <remarks>Run: <c>dotnet run -c Release --project bench/Veil.Benchmarks -- --filter '*Gemm*'</c>.</remarks>
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>M x N x K and the transpose variant, e.g. lenet conv2 forward is 50 x 4096 x 500 (NN) at batch 64.</summary>
    [Params("1024x1024x1024/NN", "50x4096x500/NN", "500x4096x50/TN", "50x500x4096/NT", "64x500x800/NT", "500x800x64/TN")]
    public string Shape { get; set; } = "1024x1024x1024/NN";

    private (int M, int N, int K, bool Ta, bool Tb) Parsed
    {
        get
        {
            string[] parts = Shape.Split('/');
            int[] dims = parts[0].Split('x').Select(int.Parse).ToArray();
            return (dims[0], dims[1], dims[2], parts[1][0] == 'T', parts[1][1] == 'T');
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var (m, n, k, _, _) = Parsed;
        _a = Enumerable.Range(0, m * k).Select(i => (i % 7) * 0.1f).ToArray();
        _b = Enumerable.Range(0, k * n).Select(i => (i % 5) * 0.1f).ToArray();
        _c = new float[m * n];
    }

    [Benchmark]
    public void Multiply()
    {
        var (m, n, k, ta, tb) = Parsed;
        Gemm.Multiply(m, n, k, _a, ta ? m : k, ta, _b, tb ? k : n, tb, _c, n);
    }
}

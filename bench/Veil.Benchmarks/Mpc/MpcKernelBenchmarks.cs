using BenchmarkDotNet.Attributes;
using Veil.Mpc;
using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;
using Veil.Random;

namespace Veil.Benchmarks.Mpc;

/// <summary>
/// The local work of the MPC protocols, without communication: ring matrix products and convolutions (two per Beaver
/// product and party, one more at the dealer), the bit transposition of a comparison, and seed expansion.
/// Run: dotnet run -c Release --project bench/Veil.Benchmarks -- --filter '*MpcKernel*'
/// </summary>
[MemoryDiagnoser]
public class MpcKernelBenchmarks
{
    private static readonly Conv2dShape LeNetConv2 = new(1, 20, 12, 12, 50, 5, 5);
    private readonly byte[] _seed = AesCtrPrg.NewSeed();
    private ulong[] _x = [], _w = [], _batch = [], _out = [], _image = [], _kernel = [], _values = [], _planes = [];
    private byte[] _stream = [];

    [GlobalSetup]
    public void Setup()
    {
        using var random = new AesCtrPrg(_seed);
        _x = Words(random, 784);
        _batch = Words(random, 128 * 784);
        _w = Words(random, 784 * 128);
        _out = new ulong[128 * 128];
        _image = Words(random, LeNetConv2.InputCount);
        _kernel = Words(random, LeNetConv2.KernelCount);
        _values = Words(random, 10_000);
        _planes = new ulong[64 * BitPlanes.WordsFor(10_000)];
        _stream = new byte[1 << 20];
    }

    [Benchmark(Description = "MatMul/1x784x128")]
    public void MatMulOne() => RingMatMul.MultiplyAdd(_x, _w, _out.AsSpan(0, 128), 1, 784, 128);

    [Benchmark(Description = "MatMul/128x784x128")]
    public void MatMulBatch() => RingMatMul.MultiplyAdd(_batch, _w, _out, 128, 784, 128);

    [Benchmark(Description = "Conv2d/LeNet-conv2 20x12x12*50x20x5x5")]
    public ulong[] Conv() => RingConv2d.Convolve(LeNetConv2, _image, _kernel);

    [Benchmark(Description = "BitPlanes/10000")]
    public void Planes() => BitPlanes.ToPlanes(_values, _planes);

    [Benchmark(Description = "Expand/AesCtrPrg 1 MiB")]
    public void ExpandPrg()
    {
        using var prg = new AesCtrPrg(_seed);
        prg.Fill(_stream);
    }

    [Benchmark(Description = "Expand/AesCtrStream 1 MiB")]
    public void ExpandStream()
    {
        using var stream = new AesCtrStream(_seed);
        stream.Fill(_stream);
    }

    private static ulong[] Words(IRandomSource random, int count)
    {
        var words = new ulong[count];
        random.Fill(words);
        return words;
    }
}

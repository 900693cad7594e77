using Veil.Mpc.Kernels;

namespace Veil.Mpc.Tests.Kernels;

public class RingKernelTests
{
    public static TheoryData<int> Lengths() => new(Enumerable.Range(0, 40).Concat([63, 64, 65, 127, 1000]));

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ElementwiseKernelsMatchScalarArithmeticAtEveryTailLength(int length)
    {
        var random = new System.Random(length);
        ulong[] x = Words(random, length), y = Words(random, length);
        var d = new ulong[length];
        RingKernels.Add(x, y, d);
        Assert.Equal(x.Zip(y, (a, b) => unchecked(a + b)), d);
        RingKernels.Subtract(x, y, d);
        Assert.Equal(x.Zip(y, (a, b) => unchecked(a - b)), d);
        RingKernels.Multiply(x, y, d);
        Assert.Equal(x.Zip(y, (a, b) => unchecked(a * b)), d);
        RingKernels.Xor(x, y, d);
        Assert.Equal(x.Zip(y, (a, b) => a ^ b), d);
        RingKernels.MultiplyScalar(x, 12345678901UL, d);
        Assert.Equal(x.Select(a => unchecked(a * 12345678901UL)), d);
        RingKernels.Negate(x, d);
        Assert.Equal(x.Select(a => unchecked(0UL - a)), d);
        var acc = (ulong[])y.Clone();
        RingKernels.MultiplyAdd(x, y, acc);
        Assert.Equal(x.Zip(y, (a, b) => unchecked(b + (a * b))), acc);

        // In place: the destination is the first input.
        var inPlace = (ulong[])x.Clone();
        RingKernels.Add(inPlace, y, inPlace);
        Assert.Equal(x.Zip(y, (a, b) => unchecked(a + b)), inPlace);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 784, 128)]
    [InlineData(5, 7, 33)]
    [InlineData(9, 3, 16)]
    [InlineData(4, 17, 50)]
    [InlineData(13, 20, 10)]
    public void MatrixProductMatchesTheNaiveOne(int m, int k, int n)
    {
        var random = new System.Random((m * 1000) + n);
        ulong[] a = Words(random, m * k), b = Words(random, k * n), c = Words(random, m * n);
        var expected = (ulong[])c.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int p = 0; p < k; p++)
                {
                    expected[(i * n) + j] += a[(i * k) + p] * b[(p * n) + j];
                }
            }
        }

        RingMatMul.MultiplyAdd(a, b, c, m, k, n);
        Assert.Equal(expected, c);
    }

    [Theory]
    [InlineData(1, 1, 28, 28, 5, 5, 5, 1, 0)]
    [InlineData(2, 3, 7, 6, 4, 3, 2, 2, 1)]
    [InlineData(1, 2, 5, 5, 3, 5, 5, 1, 2)]
    public void ConvolutionMatchesTheNaiveOne(int n, int c, int h, int w, int o, int kh, int kw, int stride, int pad)
    {
        var shape = new Conv2dShape(n, c, h, w, o, kh, kw, stride, pad);
        var random = new System.Random(h * w);
        long[] x = Enumerable.Range(0, shape.InputCount).Select(_ => (long)random.Next(-1000, 1000)).ToArray();
        long[] k = Enumerable.Range(0, shape.KernelCount).Select(_ => (long)random.Next(-1000, 1000)).ToArray();
        double[] expected = Harness.Plain.Conv2d(x.Select(v => (double)v).ToArray(), k.Select(v => (double)v).ToArray(), n, c, h, w, o, kh, kw, stride, pad);
        ulong[] actual = RingConv2d.Convolve(shape, x.Select(v => unchecked((ulong)v)).ToArray(), k.Select(v => unchecked((ulong)v)).ToArray());
        Assert.Equal(expected.Select(v => (long)v), actual.Select(v => unchecked((long)v)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(200)]
    public void BitPlanesHoldEachBitOfEachValue(int count)
    {
        var random = new System.Random(count);
        ulong[] values = Words(random, count);
        int words = BitPlanes.WordsFor(count);
        var planes = new ulong[64 * words];
        BitPlanes.ToPlanes(values, planes);
        for (int i = 0; i < count; i++)
        {
            for (int b = 0; b < 64; b++)
            {
                Assert.Equal((values[i] >> b) & 1, (planes[(b * words) + (i >> 6)] >> (i & 63)) & 1);
            }
        }

        // Padding past the last value is zero.
        for (int b = 0; b < 64; b++)
        {
            Assert.Equal(0UL, planes[(b * words) + words - 1] & ~BitPlanes.LastWordMask(count));
        }
    }

    [Fact]
    public void TheComparisonCircuitHasSixLevelsOf118GatesOpening180Bits()
    {
        Assert.Equal(6, Veil.Mpc.Protocols.ComparisonCircuit.Levels.Length);
        Assert.Equal(118, Veil.Mpc.Protocols.ComparisonCircuit.AndGates);
        Assert.Equal(180, Veil.Mpc.Protocols.ComparisonCircuit.OpenedBits);
        Assert.Equal(1, Veil.Mpc.Protocols.ComparisonCircuit.Levels[^1].Gates);
    }

    private static ulong[] Words(System.Random random, int count)
    {
        var words = new ulong[count];
        random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
        return words;
    }
}

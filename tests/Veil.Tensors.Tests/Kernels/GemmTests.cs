using Veil.Tensors.Kernels;

namespace Veil.Tensors.Tests.Kernels;

public class GemmTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 }, { 1, 10, 784 }, { 3, 5, 7 }, { 8, 32, 1 }, { 9, 33, 17 }, { 17, 65, 200 },
        { 64, 128, 784 }, { 130, 70, 400 }, { 7, 300, 129 }, { 50, 4096, 25 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void AllTransposeVariantsMatchTheNaiveProduct(int m, int n, int k)
    {
        var random = new System.Random(m * 1000 + n + k);
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                float[] a = RandomArray(random, m * k);
                float[] b = RandomArray(random, k * n);
                float[] c = RandomArray(random, m * n);
                float[] expected = (float[])c.Clone();
                Naive(m, n, k, a, ta, b, tb, expected, accumulate: true);
                Gemm.Multiply(m, n, k, a, ta ? m : k, ta, b, tb ? k : n, tb, c, n, accumulate: true);
                AssertClose(expected, c, k);

                Naive(m, n, k, a, ta, b, tb, expected, accumulate: false);
                Gemm.Multiply(m, n, k, a, ta ? m : k, ta, b, tb ? k : n, tb, c, n);
                AssertClose(expected, c, k);
            }
        }
    }

    [Fact]
    public void StridedSubMatricesAreMultipliedInPlace()
    {
        var random = new System.Random(5);
        int m = 20, n = 40, k = 30, ld = 100;
        float[] a = RandomArray(random, m * ld);
        float[] b = RandomArray(random, k * ld);
        float[] c = new float[m * ld];
        Gemm.Multiply(m, n, k, a, ld, false, b, ld, false, c, ld);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ld; j++)
            {
                double sum = 0;
                if (j < n)
                {
                    for (int p = 0; p < k; p++)
                    {
                        sum += a[i * ld + p] * b[p * ld + j];
                    }
                }

                Assert.Equal(sum, c[i * ld + j], 1e-3);
            }
        }
    }

    [Fact]
    public void ZeroDepthClearsOrKeepsTheDestination()
    {
        float[] c = [1, 2, 3, 4];
        Gemm.Multiply(2, 2, 0, [], 0, false, [], 2, false, c, 2, accumulate: true);
        Assert.Equal([1f, 2, 3, 4], c);
        Gemm.Multiply(2, 2, 0, [], 0, false, [], 2, false, c, 2);
        Assert.Equal([0f, 0, 0, 0], c);
    }

    [Fact]
    public void TooShortSpansAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, 2, 2, new float[3], 2, false, new float[4], 2, false, new float[4], 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, 2, 2, new float[4], 1, false, new float[4], 2, false, new float[4], 2));
    }

    [Fact]
    public void TensorMatMulChecksShapesAndOverlap()
    {
        var a = new Tensor(2, 3);
        var b = new Tensor(3, 4);
        Assert.Equal(new TensorShape(2, 4), Tensor.MatMulNew(a, b).Shape);
        Assert.Equal(new TensorShape(3, 3), Tensor.MatMulNew(a, a, transposeA: true).Shape);
        Assert.Throws<ArgumentException>(() => Tensor.MatMulNew(a, a));
        var square = new Tensor(3, 3);
        Assert.Throws<ArgumentException>(() => Tensor.MatMul(square, square, square));
    }

    internal static float[] RandomArray(System.Random random, int length)
    {
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }

    private static void Naive(int m, int n, int k, float[] a, bool ta, float[] b, bool tb, float[] c, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[i * n + j] : 0;
                for (int p = 0; p < k; p++)
                {
                    sum += (double)(ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                }

                c[i * n + j] = (float)sum;
            }
        }
    }

    private static void AssertClose(float[] expected, float[] actual, int k)
    {
        double tolerance = 1e-5 * Math.Sqrt(k) * 4 + 1e-5;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}

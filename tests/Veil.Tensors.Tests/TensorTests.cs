namespace Veil.Tensors.Tests;

public class TensorTests
{
    [Fact]
    public void ViewsShareMemory()
    {
        var t = new Tensor(4, 3);
        t.Slice(1, 2).Fill(5);
        Tensor flat = t.Reshape(12);
        Assert.Equal([0f, 0, 0, 5, 5, 5, 5, 5, 5, 0, 0, 0], flat.Span.ToArray());
        t[3, 2] = 7;
        Assert.Equal(7, flat[11]);
        Assert.Throws<ArgumentException>(() => t.Reshape(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Slice(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => t[4, 0]);
    }

    [Fact]
    public void ShapesCompareByValue()
    {
        Assert.Equal(new TensorShape(1, 28, 28), new TensorShape(1, 28, 28));
        Assert.NotEqual(new TensorShape(28, 28), new TensorShape(1, 28, 28));
        Assert.Equal("[2, 1, 28, 28]", new TensorShape(1, 28, 28).Prepend(2).ToString());
        Assert.Equal(new TensorShape(28, 28), new TensorShape(1, 28, 28).WithoutFirst());
    }

    [Fact]
    public void ElementwiseOperatorsHandleEveryTailLength()
    {
        for (int length = 0; length <= 70; length++)
        {
            float[] x = Enumerable.Range(0, length).Select(i => (float)(i - 30) / 7).ToArray();
            float[] y = new float[length];
            Operators.Elementwise.Map(x, y, new Operators.PolynomialOperator([0.25f, 0.5f, 0.125f]));
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(0.25f + 0.5f * x[i] + 0.125f * x[i] * x[i], y[i], 1e-5f);
            }

            Operators.Elementwise.Map(x, y, default(Operators.ReluOperator));
            Assert.Equal(x.Select(v => Math.Max(v, 0f)), y);
        }
    }
}

public class TensorReuseTests
{
    [Fact]
    public void ReuseKeepsLargeEnoughMemoryAndGrowsOtherwise()
    {
        var big = new Tensor(4, 3);
        Tensor same = Tensor.Reuse(big, new TensorShape(4, 3));
        Assert.Same(big, same);
        Tensor smaller = Tensor.Reuse(big, new TensorShape(2, 3));
        smaller.Fill(1);
        Assert.Equal(6, big.Span.ToArray().Count(v => v == 1));
        Tensor larger = Tensor.Reuse(big, new TensorShape(5, 3));
        larger.Fill(2);
        Assert.DoesNotContain(2f, big.Span.ToArray());
        Assert.Equal(new TensorShape(3), Tensor.Reuse(null, new TensorShape(3)).Shape);
    }
}

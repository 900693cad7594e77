namespace Veil.Tensors.Tests.Kernels;

public class ConvolutionTests
{
    [Theory]
    [InlineData(2, 1, 28, 28, 4, 7, 3, 0)]
    [InlineData(3, 2, 9, 7, 3, 3, 1, 1)]
    [InlineData(1, 1, 28, 28, 5, 5, 2, 2)]
    [InlineData(2, 3, 6, 6, 2, 3, 2, 2)]
    public void Conv2dMatchesTheDefinition(int batch, int channels, int height, int width, int outChannels, int k, int stride, int padding)
    {
        var random = new System.Random(batch + channels * 10 + k);
        var input = Tensor.FromValues(GemmTests.RandomArray(random, batch * channels * height * width), new TensorShape(batch, channels, height, width));
        var weight = Tensor.FromValues(GemmTests.RandomArray(random, outChannels * channels * k * k), new TensorShape(outChannels, channels, k, k));
        var bias = Tensor.FromValues(GemmTests.RandomArray(random, outChannels), new TensorShape(outChannels));
        Tensor output = Tensor.Conv2dNew(input, weight, bias, stride, padding);
        int oh = (height + 2 * padding - k) / stride + 1, ow = (width + 2 * padding - k) / stride + 1;
        Assert.Equal(new TensorShape(batch, outChannels, oh, ow), output.Shape);
        for (int n = 0; n < batch; n++)
        {
            for (int o = 0; o < outChannels; o++)
            {
                for (int y = 0; y < oh; y++)
                {
                    for (int x = 0; x < ow; x++)
                    {
                        double sum = bias[o];
                        for (int c = 0; c < channels; c++)
                        {
                            for (int u = 0; u < k; u++)
                            {
                                for (int v = 0; v < k; v++)
                                {
                                    int iy = y * stride - padding + u, ix = x * stride - padding + v;
                                    if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                                    {
                                        sum += weight[o, c, u, v] * input[n, c, iy, ix];
                                    }
                                }
                            }
                        }

                        Assert.Equal(sum, output[n, o, y, x], 1e-4);
                    }
                }
            }
        }
    }

    [Fact]
    public void PoolingMatchesTheDefinition()
    {
        var random = new System.Random(3);
        var input = Tensor.FromValues(GemmTests.RandomArray(random, 2 * 3 * 6 * 6), new TensorShape(2, 3, 6, 6));
        Tensor max = Tensor.MaxPool2dNew(input, 2, 2);
        Tensor avg = Tensor.AvgPool2dNew(input, 2, 2);
        Assert.Equal(new TensorShape(2, 3, 3, 3), max.Shape);
        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int y = 0; y < 3; y++)
                {
                    for (int x = 0; x < 3; x++)
                    {
                        float[] window = [input[n, c, 2 * y, 2 * x], input[n, c, 2 * y, 2 * x + 1], input[n, c, 2 * y + 1, 2 * x], input[n, c, 2 * y + 1, 2 * x + 1]];
                        Assert.Equal(window.Max(), max[n, c, y, x]);
                        Assert.Equal(window.Average(), avg[n, c, y, x], 1e-6);
                    }
                }
            }
        }
    }
}

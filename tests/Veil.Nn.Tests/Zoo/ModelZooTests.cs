using Veil.Nn.Layers;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.Nn.Tests.Zoo;

public class ModelZooTests
{
    [Theory]
    [InlineData("mlp", 784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10)]
    [InlineData("mlp-square", 784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10)]
    [InlineData("cnn-he", 4 * 49 + 4 + 256 * 64 + 64 + 64 * 10 + 10)]
    [InlineData("lenet", 20 * 25 + 20 + 50 * 20 * 25 + 50 + 800 * 500 + 500 + 500 * 10 + 10)]
    [InlineData("securenn-b", 16 * 25 + 16 + 16 * 16 * 25 + 16 + 256 * 100 + 100 + 100 * 10 + 10)]
    [InlineData("securenn-d", 5 * 25 + 5 + 980 * 100 + 100 + 100 * 10 + 10)]
    [InlineData("lenet-he", 6 * 25 + 6 + 16 * 6 * 25 + 16 + 400 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10)]
    [InlineData("lenet-dp", 16 * 64 + 16 + 32 * 16 * 16 + 32 + 512 * 32 + 32 + 32 * 10 + 10)]
    public void ArchitecturesHaveTheirPublishedSizes(string name, long parameters)
    {
        Sequential model = ModelZoo.Create(name, seed: 1);
        Assert.Equal(parameters, model.ParameterCount);
        Assert.Equal(new TensorShape(1, 28, 28), model.InputShape);
        Assert.Equal(new TensorShape(10), model.OutputShape);
    }

    [Fact]
    public void IntermediateShapesFollowTheIssue()
    {
        Assert.Equal(new TensorShape(4, 8, 8), ModelZoo.Create("cnn-he", 1).ShapeBefore(1));
        Assert.Equal(new TensorShape(5, 14, 14), ModelZoo.Create("securenn-d", 1).ShapeBefore(1));
        Assert.Equal(new TensorShape(50, 4, 4), ModelZoo.Create("lenet", 1).ShapeBefore(6));
        Assert.Equal(new TensorShape(16, 5, 5), ModelZoo.Create("lenet-he", 1).ShapeBefore(6));
        Assert.Equal(new TensorShape(32, 4, 4), ModelZoo.Create("lenet-dp", 1).ShapeBefore(6));
        Assert.IsType<Square>(ModelZoo.Create("mlp-square", 1).Layers[2]);
    }

    [Fact]
    public void SeedsDetermineTheInitialWeights()
    {
        Assert.Equal(ModelZoo.Create("lenet", 7).Parameters[0].Value.Span.ToArray(), ModelZoo.Create("lenet", 7).Parameters[0].Value.Span.ToArray());
        Assert.NotEqual(ModelZoo.Create("lenet", 7).Parameters[0].Value.Span.ToArray(), ModelZoo.Create("lenet", 8).Parameters[0].Value.Span.ToArray());
    }

    [Fact]
    public void UnknownNamesListTheZoo()
    {
        var error = Assert.Throws<VeilException>(() => ModelZoo.Get("resnet"));
        Assert.Contains("lenet", error.Message);
        Assert.Throws<VeilException>(() => ShippedModels.PathOf("../etc/passwd"));
    }
}

public class PredictTests
{
    [Fact]
    public void ChunkedPredictionEqualsOneForwardPass()
    {
        Sequential model = ModelZoo.Create("securenn-b", seed: 3);
        Tensor images = Veil.Nn.Tests.Layers.GradientCheck.RandomTensor(new System.Random(4), new TensorShape(Sequential.InferenceChunk * 2 + 7, 1, 28, 28));
        Tensor chunked = model.PredictNew(images);
        Tensor whole = model.Forward(images);
        Assert.Equal(whole.Shape, chunked.Shape);
        for (int i = 0; i < whole.Length; i++)
        {
            Assert.Equal(whole.Span[i], chunked.Span[i], 1e-4f);
        }
    }
}

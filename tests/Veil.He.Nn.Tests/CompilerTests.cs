using Veil.He.Nn.Circuit;
using Veil.He.Nn.Planning;
using Veil.Nn;
using Veil.Nn.Layers;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.He.Nn.Tests;

public class CompilerTests
{
    [Theory]
    [InlineData("mlp-square", 5)]
    [InlineData("cnn-he", 5)]
    [InlineData("lenet-he", 9)]
    public void CircuitInTheClearEqualsTheModel(string name, int depth)
    {
        // Seeded random weights: the folding of polynomials, pooling and biases must not depend on training.
        Sequential model = ModelZoo.Create(name, seed: 7);
        Tensor images = Fixtures.Images(4);
        Tensor expected = model.PredictNew(images);
        HeCircuit circuit = ModelCompiler.Compile(model);

        Assert.Equal(depth, circuit.Depth);
        int classes = circuit.OutputCount;
        for (int i = 0; i < 4; i++)
        {
            double[] input = images.Span.Slice(i * circuit.InputCount, circuit.InputCount).ToArray().Select(v => (double)v).ToArray();
            double[] logits = circuit.EvaluatePlain(input);
            for (int c = 0; c < classes; c++)
            {
                double want = expected.Span[(i * classes) + c];
                Assert.True(Math.Abs(want - logits[c]) < 1e-3 * Math.Max(1, Math.Abs(want)), $"{name}: image {i}, class {c}: {logits[c]} vs {want}");
            }
        }
    }

    [Fact]
    public void LenetHePoolingCostsNoLevel()
    {
        HeCircuit circuit = ModelCompiler.Compile(ModelZoo.Create("lenet-he", seed: 1));
        LinearStage[] sums = circuit.Stages.OfType<LinearStage>().Where(s => s.IntegerWeights).ToArray();
        Assert.Equal(2, sums.Length);
        Assert.All(sums, s => Assert.False(s.UsesLevel));
        Assert.Equal(4, circuit.Stages.OfType<SquareStage>().Count());
    }

    [Theory]
    [InlineData("lenet", "ReLU")]
    [InlineData("securenn-b", "ReLU")]
    public void ReluModelsAreRefusedWithAdvice(string name, string layer)
    {
        Sequential model = ModelZoo.Create(name, seed: 1);
        var error = Assert.Throws<UnsupportedModelException>(() => InferencePlanner.Plan(model));
        Assert.Contains(layer, error.Message);
        Assert.Contains("x²", error.Message);
        Assert.False(new HeBackend().Supports(model, out string reason));
        Assert.Contains("polynomial", reason);
    }

    [Fact]
    public void MaxPoolIsRefusedSuggestingAveragePooling()
    {
        var model = new Sequential("maxpool", new TensorShape(1, 28, 28), new Conv2d(1, 2, 5), new Square(), new MaxPool2d(2), new Flatten(), new Linear(288, 10));
        var error = Assert.Throws<UnsupportedModelException>(() => ModelCompiler.Compile(model));
        Assert.Contains("AvgPool2d", error.Message);
    }

    [Fact]
    public void PlannerPicksSecureParametersThatFitTheDepth()
    {
        InferencePlan cnn = InferencePlanner.Plan(ModelZoo.Create("cnn-he", seed: 1));
        Assert.Equal(8192, cnn.Parameters.N);
        Assert.Equal(cnn.Depth, cnn.Parameters.MaxLevel);
        Assert.True(cnn.Parameters.LogQP <= He.Rlwe.SecurityStandard.MaxLogQP(13));
        Assert.Empty(cnn.RotationSteps);

        InferencePlan lenet = InferencePlanner.Plan(ModelZoo.Create("lenet-he", seed: 1));
        Assert.Equal(16384, lenet.Parameters.N);
        Assert.Equal(9, lenet.Parameters.MaxLevel);
    }
}

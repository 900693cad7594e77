using Veil.Audit.Shadows;
using Veil.Audit.Statistics;
using Veil.Nn.Training;

namespace Veil.Audit.Tests;

public class SupportTests
{
    [Fact]
    public void NormalMatchesTabulatedValues()
    {
        Assert.Equal(0.975002104851780, Normal.Cdf(1.96), 1e-7);
        Assert.Equal(0.5, Normal.Cdf(0), 1e-7); // the erfc fit is good to 1.2e-7 relative
        Assert.Equal(0.158655253931457, Normal.Cdf(-1), 1e-7);
        Assert.Equal(1.959963984540054, Normal.Quantile(0.975), 1e-5);
        Assert.Equal(-0.5 * Math.Log(2 * Math.PI), Normal.LogPdf(3, 3, 1), 12);
    }

    [Fact]
    public void BinomialTailsMatchHandComputedValues()
    {
        // Bin(4, 1/2): P[X >= 3] = (4 + 1) / 16.
        Assert.Equal(5.0 / 16, Binomial.UpperTail(3, 4, 0.5), 12);
        Assert.Equal(11.0 / 16, Binomial.LowerTail(2, 4, 0.5), 12);
        double sum = Enumerable.Range(0, 301).Sum(k => Binomial.Pmf(k, 300, 0.3));
        Assert.Equal(1, sum, 9);
        Assert.Equal(Math.Log(6), Binomial.LogChoose(4, 2), 12);
        // Stirling above the table agrees with the table's sum within 1e-9 relative.
        double table = Binomial.LogFactorial(65_535) + Math.Log(65_536);
        Assert.Equal(table, Binomial.LogFactorial(65_536), table * 1e-12);
    }

    [Fact]
    public void RecipeIsReadFromTheTrainingCommand()
    {
        TrainingRecipe recipe = TrainingRecipe.Parse(
            "veil train --model lenet --epochs 40 --seed 1 --batch 32 --lr 0.002 --lr-decay 1 --optimizer sgd --limit 1000");
        Assert.Equal("lenet", recipe.Architecture.Name);
        Assert.Equal(1000, recipe.Limit);
        Assert.Equal(40, recipe.Training.Epochs);
        Assert.Equal(32, recipe.Training.BatchSize);
        Assert.Equal(0.002, recipe.Training.LearningRate);
        Assert.Equal(1, recipe.Training.LearningRateDecay);
        Assert.Equal(OptimizerKind.Sgd, recipe.Training.Optimizer);
        Assert.Equal(0, recipe.Training.Limit);
    }

    [Fact]
    public void APrivateModelsShadowsGetTheArchitecturesPlainRecipe()
    {
        TrainingRecipe recipe = TrainingRecipe.Parse(
            "veil train --model lenet-dp --name lenet-dp3 --epochs 60 --batch 1024 --lr 1 --optimizer sgd --dp-epsilon 3");
        Assert.Equal("lenet-dp", recipe.Architecture.Name);
        Assert.Equal(recipe.Architecture.Training with { Limit = 0 }, recipe.Training);
        Assert.Equal(0, recipe.Limit);
    }

    [Theory]
    [InlineData("veil train --epochs 3")]
    [InlineData("veil train --model no-such-arch")]
    [InlineData("veil train --model lenet --epochs many")]
    public void ABadTrainingCommandIsAnInputError(string command)
    {
        Assert.ThrowsAny<VeilException>(() => TrainingRecipe.Parse(command));
    }

    [Fact]
    public void HalvesPutEachPointInExactlyHalfTheModels()
    {
        var trainer = new ShadowTrainer(Veil.Nn.Zoo.ModelZoo.Mlp, new TrainingOptions(), seed: 4);
        bool[][] isIn = trainer.Halves(models: 8, points: 500);
        Assert.All(Enumerable.Range(0, 500), i => Assert.Equal(4, isIn.Count(row => row[i])));
        Assert.All(isIn, row => Assert.InRange(row.Count(x => x), 190, 310));
        Assert.Equal(isIn, new ShadowTrainer(Veil.Nn.Zoo.ModelZoo.Mlp, new TrainingOptions(), seed: 4).Halves(8, 500));
    }
}

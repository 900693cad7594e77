using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Nn.Training;
using Veil.Nn.Zoo;

namespace Veil.Nn.Tests.Training;

public class TrainingTests
{
    [Fact]
    public void AShortRunLearnsFarAboveChance()
    {
        MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
        MnistDataset test = MnistDataset.LoadEmbedded(MnistSplit.Test);
        Sequential model = ModelZoo.Create("mlp", seed: 1);
        var trainer = new Trainer(model, ModelZoo.Mlp.Training with { Epochs = 1, Limit = 4000 });
        var reports = trainer.Train(train);
        Assert.Single(reports);
        EvaluationResult result = BackendEvaluator.Evaluate(new PlainBackend(), model, test, limit: 1000);
        Assert.Equal(1000, result.Images);
        Assert.True(result.Accuracy > 0.8, $"accuracy {result.Accuracy} after 4000 images");
    }

    [Fact]
    public void AConvolutionalNetLearnsToo()
    {
        MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
        MnistDataset test = MnistDataset.LoadEmbedded(MnistSplit.Test);
        Sequential model = ModelZoo.Create("cnn-he", seed: 2);
        new Trainer(model, ModelZoo.CnnHe.Training with { Epochs = 1, Limit = 3000, BatchSize = 32 }).Train(train);
        EvaluationResult result = BackendEvaluator.Evaluate(new PlainBackend(), model, test, limit: 500);
        Assert.True(result.Accuracy > 0.7, $"accuracy {result.Accuracy} after 3000 images");
    }

    [Fact]
    public void TrainingIsReproducible()
    {
        MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
        float[] Run()
        {
            Sequential model = ModelZoo.Create("securenn-d", seed: 3);
            new Trainer(model, new TrainingOptions { Epochs = 1, Limit = 256, BatchSize = 32, Seed = 3 }).Train(train);
            return model.Parameters[0].Value.Span.ToArray();
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void SgdWithMomentumAndAdamDescend()
    {
        foreach (IOptimizer optimizer in new IOptimizer[] { new Sgd(0.1, momentum: 0.9), new Adam(0.05) })
        {
            var layer = new Veil.Nn.Layers.Linear(1, 1, bias: false);
            var model = new Sequential("quadratic", new Veil.Tensors.TensorShape(1), layer);
            layer.Weight.Span[0] = 3;
            for (int step = 0; step < 200; step++)
            {
                // loss = w²/2 for input 1 and output gradient w: gradient w.
                var x = new Veil.Tensors.Tensor(1, 1);
                x.Fill(1);
                Veil.Tensors.Tensor y = model.Forward(x);
                model.Backward(y.Clone());
                optimizer.Step(model.Parameters);
            }

            Assert.True(Math.Abs(layer.Weight.Span[0]) < 0.1, $"{optimizer.GetType().Name} left w = {layer.Weight.Span[0]}");
        }
    }
}

using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Nn.Zoo;
using Veil.Privacy.DpSgd;

namespace Veil.Privacy.Tests.DpSgd;

/// <summary>MNIST and small settings shared by the DP-SGD tests (loaded once per test run).</summary>
internal static class DpSgdFixture
{
    private static readonly Lazy<MnistDataset> LazyTrain = new(() => MnistDataset.LoadEmbedded(MnistSplit.Train));
    private static readonly Lazy<MnistDataset> LazyTest = new(() => MnistDataset.LoadEmbedded(MnistSplit.Test));

    public static MnistDataset Train => LazyTrain.Value;

    public static MnistDataset Test => LazyTest.Value;

    /// <summary>Training settings for a small subset: SGD with momentum.</summary>
    public static TrainingOptions Small(int limit, int batch, int epochs, double learningRate = 0.5) => new()
    {
        Optimizer = OptimizerKind.Sgd,
        Momentum = 0.9,
        LearningRate = learningRate,
        BatchSize = batch,
        Epochs = epochs,
        Limit = limit,
    };

    /// <summary>A trainer on a seeded source (reproducible; tests only).</summary>
    public static DpSgdTrainer Seeded(Sequential model, TrainingOptions training, DpSgdOptions privacy, int seed) =>
        new(model, Train, training, privacy, DpSgdRandomness.CreateSeeded(seed));

    /// <summary>The share of the first <paramref name="count"/> test images the model classifies correctly.</summary>
    public static double TestAccuracy(Sequential model, int count)
    {
        var predictions = new int[count];
        model.Classify(MnistPreprocessing.ImagesNew(Test, 0, count), predictions);
        int correct = 0;
        for (int i = 0; i < count; i++)
        {
            correct += predictions[i] == Test.Labels[i] ? 1 : 0;
        }

        return (double)correct / count;
    }

    /// <summary>A copy of every parameter's values.</summary>
    public static float[][] Weights(Sequential model) => [.. model.Parameters.Select(p => p.Value.Span.ToArray())];

    public static Sequential Create(string name, int seed = 1) => ModelZoo.Create(name, seed);
}

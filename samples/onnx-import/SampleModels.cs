using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Layers;
using Veil.Nn.Training;
using Veil.Onnx;

namespace Veil.Samples.OnnxImport;

/// <summary>How the sample's two ONNX files were made: a small PyTorch-style CNN and its polynomial twin, trained by
/// Veil's trainer with fixed seeds and exported with a trailing Softmax, as PyTorch's exporter writes classifiers.</summary>
public static class SampleModels
{
    /// <summary>The CNN with ReLU and max pooling, for the clear and for MPC.</summary>
    public const string Cnn = "small-cnn.onnx";

    /// <summary>Its twin with x² and average pooling, for CKKS.</summary>
    public const string PolynomialCnn = "small-cnn-poly.onnx";

    /// <summary>Trains both models for <paramref name="epochs"/> epochs and writes them into <paramref name="directory"/>.</summary>
    public static void Make(string directory, TextWriter log, int epochs = 3)
    {
        MnistDataset train = MnistDataset.LoadEmbedded(MnistSplit.Train);
        foreach (var (file, model) in new[] { (Cnn, Create("small-cnn", polynomial: false)), (PolynomialCnn, Create("small-cnn-poly", polynomial: true)) })
        {
            model.Initialize(seed: 7);
            IReadOnlyList<EpochReport> reports = new Trainer(model, TrainingOptions.Adam(epochs, learningRate: 1e-3, decay: 0.8)).Train(train);
            OnnxExporter.Export(model, Path.Combine(directory, file), "softmax");
            log.WriteLine($"{file}: {string.Join(", ", model.Layers)}; training accuracy {reports[^1].TrainingAccuracy:P2}");
        }
    }

    private static Sequential Create(string name, bool polynomial) => new(name, MnistPreprocessing.ImageShape,
        new Conv2d(1, 5, 5, stride: 2), polynomial ? new Square() : new ReLU(), polynomial ? new AvgPool2d(2) : new MaxPool2d(2),
        new Flatten(), new Linear(180, 32), polynomial ? new Square() : new ReLU(), new Linear(32, 10));
}

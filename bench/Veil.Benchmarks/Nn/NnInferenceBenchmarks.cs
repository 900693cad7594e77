using BenchmarkDotNet.Attributes;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.Benchmarks.Nn;

/// <summary>Plaintext inference of each zoo architecture on a batch of 1 and of 1000 MNIST test images.</summary>
/// <remarks>Run: <c>dotnet run -c Release --project bench/Veil.Benchmarks -- --filter '*NnInference*'</c>.</remarks>
[MemoryDiagnoser]
public class NnInferenceBenchmarks
{
    private Sequential _model = null!;
    private Tensor _images = null!;
    private Tensor _logits = null!;

    [Params("mlp", "mlp-square", "cnn-he", "lenet", "securenn-b", "securenn-d")]
    public string Model { get; set; } = "lenet";

    [Params(1, 1000)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = ModelZoo.Create(Model, seed: 1);
        _images = MnistPreprocessing.ImagesNew(MnistDataset.LoadEmbedded(MnistSplit.Test), 0, Batch);
        _logits = new Tensor(Batch, 10);
    }

    /// <summary>Sequential.Predict: the batch in cache-sized chunks of 128 images.</summary>
    [Benchmark]
    public Tensor Predict()
    {
        _model.Predict(_images, _logits);
        return _logits;
    }
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Nn.Zoo;

namespace Veil.Benchmarks.Nn;

/// <summary>One training epoch (60,000 images, batch 64, Adam) of each zoo architecture: few iterations, each long.</summary>
/// <remarks>Run: <c>dotnet run -c Release --project bench/Veil.Benchmarks -- --filter '*NnTraining*'</c>.
/// <c>veil bench nn</c> measures the same in one process, faster.</remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class NnTrainingBenchmarks
{
    private MnistDataset _train = null!;
    private Trainer _trainer = null!;
    private int _epoch;

    [Params("mlp", "mlp-square", "cnn-he", "lenet", "securenn-b", "securenn-d")]
    public string Model { get; set; } = "lenet";

    [GlobalSetup]
    public void Setup()
    {
        _train = MnistDataset.LoadEmbedded(MnistSplit.Train);
        ZooEntry entry = ModelZoo.Get(Model);
        _trainer = new Trainer(entry.Create(seed: 1), entry.Training with { Epochs = 1 });
    }

    [Benchmark]
    public EpochReport Epoch() => _trainer.TrainEpoch(_train, ++_epoch);
}

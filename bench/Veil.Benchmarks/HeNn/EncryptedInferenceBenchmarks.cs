using BenchmarkDotNet.Attributes;
using Veil.He.Ckks;
using Veil.He.Nn.Planning;
using Veil.He.Nn.Protocol;
using Veil.He.Rlwe;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Zoo;

namespace Veil.Benchmarks.HeNn;

/// <summary>
/// Encrypted inference of the shipped <c>cnn-he</c> on one core: the server's whole pass in latency packing (one
/// image) and in batch packing (4096 images), and the encrypted layer kernels of batch mode (one convolution output: a
/// 49-term <see cref="CkksEvaluator.LinearCombination"/>; one convolution window, its 4 channels in one
/// <see cref="CkksEvaluator.LinearCombinations"/> as the runner does; one square: product, relinearization, rescale).
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project bench/Veil.Benchmarks -- --filter '*EncryptedInference*'</c>.</remarks>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class EncryptedInference
{
    private HeInferenceServer _latency = null!, _batch = null!;
    private EncryptedValues _latencyInput = null!, _batchInput = null!;
    private CkksEvaluator _evaluator = null!;
    private Ciphertext[] _terms = [];
    private double[] _weights = [];
    private double[][] _channelWeights = [];
    private Ciphertext[] _channels = [];
    private Ciphertext _result = null!, _square = null!;

    [GlobalSetup]
    public void Setup()
    {
        Sequential model = ShippedModels.Load("cnn-he");
        MnistDataset test = MnistDataset.LoadEmbedded(MnistSplit.Test);
        InferencePlan latency = InferencePlanner.Plan(model, PackingMode.Latency);
        var latencyClient = new HeInferenceClient(latency);
        _latency = new HeInferenceServer(latency, latencyClient.GenerateEvaluationKeys(), threads: 1);
        _latencyInput = Materialize(latencyClient.Encrypt(MnistPreprocessing.ImagesNew(test, 0, 1)));

        InferencePlan batch = InferencePlanner.Plan(model, PackingMode.Batch);
        var batchClient = new HeInferenceClient(batch);
        EvaluationKeys keys = batchClient.GenerateEvaluationKeys();
        _batch = new HeInferenceServer(batch, keys, threads: 1);
        _batchInput = Materialize(batchClient.Encrypt(MnistPreprocessing.ImagesNew(test, 0, batch.MaxBatchSize)));

        _evaluator = new CkksEvaluator(batch.Parameters, keys);
        _terms = _batchInput.Ciphertexts.Take(49).ToArray();
        _weights = Enumerable.Range(0, 49).Select(i => 0.01 * (i - 24)).ToArray();
        _channelWeights = [.. Enumerable.Range(0, 4).Select(c => _weights.Select(w => w + (0.001 * c)).ToArray())];
        _channels = [.. Enumerable.Range(0, 4).Select(_ => new Ciphertext(batch.Parameters))];
        _result = new Ciphertext(batch.Parameters);
        _square = new Ciphertext(batch.Parameters);
        _latency.Infer(_latencyInput);
    }

    [Benchmark(Description = "cnn-he latency pass (1 image)")]
    public EncryptedValues LatencyPass() => _latency.Infer(_latencyInput);

    [Benchmark(Description = "cnn-he batch pass (4096 images)")]
    public EncryptedValues BatchPass() => _batch.Infer(_batchInput);

    [Benchmark(Description = "batch conv output: 49-term LinearCombination, N=8192, 6 primes")]
    public void ConvolutionOutput() => _evaluator.LinearCombination(_terms, _weights, 0.1, _result);

    [Benchmark(Description = "batch conv window: 4 channels x 49 terms in one LinearCombinations, N=8192, 6 primes")]
    public void ConvolutionWindow() => _evaluator.LinearCombinations(_terms, _channelWeights, [0.1, 0.1, 0.1, 0.1], _channels);

    [Benchmark(Description = "batch square: product + relinearize + rescale, N=8192, 6 primes")]
    public void Square()
    {
        _evaluator.MultiplyRelinearize(_terms[0], _terms[0], _square);
        _evaluator.Rescale(_square, _square);
    }

    private static EncryptedValues Materialize(EncryptedValues values)
    {
        _ = values.Ciphertexts;
        return values;
    }
}

using System.Security.Cryptography;
using Veil.Federated.SecureAggregation;
using Veil.Federated.Simulation;
using Veil.Federated.Training;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Zoo;

namespace Veil.Federated.Tests;

public class FederatedTrainingTests
{
    private static readonly Lazy<MnistDataset> Train = new(() => MnistDataset.LoadEmbedded(MnistSplit.Train).Subset([.. Enumerable.Range(0, 6000)]));
    private static readonly Lazy<MnistDataset> Test = new(() => MnistDataset.LoadEmbedded(MnistSplit.Test).Subset([.. Enumerable.Range(0, 2000)]));

    [Fact]
    public void ModelVectorsRoundTrip()
    {
        Sequential a = ModelZoo.Create("mlp", 1), b = ModelZoo.Create("mlp", 2);
        float[] va = ModelVector.ReadNew(a);
        Assert.NotEqual(va, ModelVector.ReadNew(b));
        ModelVector.Write(va, b);
        Assert.Equal(va, ModelVector.ReadNew(b));
        Assert.Throws<ArgumentException>(() => ModelVector.Write(new float[3], b));
    }

    [Fact]
    public void ServerOptimizersStepAsDefined()
    {
        float[] global = [1f, 2f];
        new ServerOptimizer(new FederatedStrategy()).Apply(global, [0.5f, -1f]);
        Assert.Equal([1.5f, 1f], global);

        var adam = new ServerOptimizer(new FederatedStrategy { Algorithm = FederatedAlgorithm.FedAdam, ServerLearningRate = 0.1 });
        float[] w = [0f];
        adam.Apply(w, [0.2f]);

        // m = 0.1·0.2, v = 0.01·0.04, step = 0.1·m/(√v + 1e-3).
        double expected = 0.1 * 0.02 / (Math.Sqrt(0.0004) + 1e-3);
        Assert.Equal(expected, w[0], 5);
    }

    [Fact]
    public void TheProximalTermKeepsLocalModelsNearTheGlobalOne()
    {
        MnistDataset shard = Train.Value.Subset([.. Enumerable.Range(0, 500)]);
        float[] global = ModelVector.ReadNew(ModelZoo.Create("mlp", 3));
        double Norm(FederatedStrategy strategy)
        {
            var local = new LocalUpdate(ModelZoo.Create("mlp", 3), strategy);
            float[] update = new float[global.Length];
            local.Run(global, shard, seed: 4, update);
            return Math.Sqrt(update.Sum(v => (double)v * v));
        }

        double plain = Norm(new FederatedStrategy { LocalEpochs = 2 });
        double prox = Norm(new FederatedStrategy { LocalEpochs = 2, Algorithm = FederatedAlgorithm.FedProx, ProximalMu = 5 });
        Assert.True(prox < 0.8 * plain, $"FedProx update {prox:F3} vs FedAvg {plain:F3}");
    }

    [Fact]
    public void QuantizedSecureSumOfUpdatesIsThePlainSumWithinTheStatedError()
    {
        var random = new System.Random(8);
        const int Clients = 7, Length = 1000;
        var quantizer = new Quantizer(0.5, Clients);
        float[][] updates = [.. Enumerable.Range(0, Clients).Select(_ => Enumerable.Range(0, Length).Select(_ => (float)((random.NextDouble() - 0.5) * 0.8)).ToArray())];
        var inputs = new Dictionary<int, uint[]>();
        for (int c = 0; c < Clients; c++)
        {
            inputs[c] = new uint[Length];
            quantizer.Quantize(updates[c], inputs[c]);
        }

        var round = new SecAggRound(RandomNumberGenerator.GetBytes(16), SecAggGraph.Complete([.. Enumerable.Range(0, Clients)]), Length);
        SecAggOutcome outcome = InProcessSecAgg.Run(round, inputs);
        float[] secure = new float[Length];
        quantizer.Dequantize(outcome.Sum, secure);
        for (int i = 0; i < Length; i++)
        {
            double plain = updates.Sum(u => (double)u[i]);
            Assert.True(Math.Abs(secure[i] - plain) <= (quantizer.MaxErrorPerValue * Clients) + 1e-6, $"coordinate {i}: {secure[i]} vs {plain}");
        }
    }

    [Fact]
    public void AShortFederationLearnsInTheClearAndUnderSecureAggregationWithDropouts()
    {
        var options = new SimulationOptions { Model = "mlp", Clients = 10, ClientsPerRound = 6, Rounds = 4, Seed = 2 };
        SimulationResult plain = new FederatedSimulation(options, Train.Value, Test.Value).Run();
        Assert.True(plain.FinalAccuracy > 0.75, $"plain FedAvg reached {plain.FinalAccuracy:P1}");

        SimulationResult secure = new FederatedSimulation(options with { SecureAggregation = true, Dropout = 1.0 / 3, NonIidAlpha = 1.0 }, Train.Value, Test.Value).Run();
        Assert.True(secure.FinalAccuracy > 0.65, $"secure FedAvg reached {secure.FinalAccuracy:P1}");
        Assert.All(secure.Rounds, r => Assert.Equal(4, r.Participants));
        Assert.InRange(secure.UploadBytesPerClient / secure.PlainUploadBytes, 1.0, 1.5);
    }

    [Fact]
    public void SecureAggregationWithoutDropoutsMatchesTheClearFederation()
    {
        // Same seeds, same clients: the only difference is quantization (error ≤ 2^-(f+1) per value and client).
        var options = new SimulationOptions { Model = "mlp", Clients = 6, ClientsPerRound = 6, Rounds = 2, Seed = 5 };
        SimulationResult plain = new FederatedSimulation(options, Train.Value, Test.Value).Run();
        SimulationResult secure = new FederatedSimulation(options with { SecureAggregation = true }, Train.Value, Test.Value).Run();
        Assert.True(secure.QuantizationErrorBound < 1e-5);
        Assert.Equal(plain.FinalAccuracy, secure.FinalAccuracy, 2);
    }
}

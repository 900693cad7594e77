using System.Diagnostics;
using Veil.Mpc.Deployment;
using Veil.Mpc.Nn.Training;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Zoo;
using Xunit.Abstractions;

namespace Veil.Mpc.Nn.Tests.Training;

public sealed class SecureTrainingTests(ITestOutputHelper output)
{
    private static readonly Lazy<OwnerExamples> Train = new(() => PlaintextTwin.Mnist(MnistDataset.LoadEmbedded(MnistSplit.Train), 0, 4096));
    private static readonly Lazy<OwnerExamples> Test = new(() => PlaintextTwin.Mnist(MnistDataset.LoadEmbedded(MnistSplit.Test), 0, 2000));

    [Fact]
    public void SecureTrainingOfMlpOnFourThousandImagesLearnsLikeItsPlaintextTwin()
    {
        var options = new SecureTrainingOptions { Epochs = 2, BatchSize = 128, Limit = 4096 };
        var split = HorizontalSplit.Even(Train.Value.Count, 2);
        Sequential initial = ModelZoo.Create("mlp", options.Seed);
        var clock = Stopwatch.StartNew();
        var outcome = LocalSession.Run(2, context =>
        {
            var network = SecureNetwork.Share(context, context.PartyId == 0 ? initial : ModelZoo.Create("mlp", 99), owner: 0);
            new SecureTrainer(network, options, split, SecureGradientTests.Slice(Train.Value, split, context.PartyId)).Train();
            return network.RevealTo(1);
        }, new LocalSessionOptions { ReceiveTimeout = TimeSpan.FromMinutes(2) });
        Sequential?[] models = outcome.ResultsOrThrow();
        Assert.Null(models[0]);
        double secure = PlaintextTwin.Accuracy(models[1]!, Test.Value);
        double seconds = clock.Elapsed.TotalSeconds;

        Sequential twin = ModelZoo.Create("mlp", options.Seed);
        PlaintextTwin.Train(twin, Train.Value, options);
        double plain = PlaintextTwin.Accuracy(twin, Test.Value);
        double untrained = PlaintextTwin.Accuracy(ModelZoo.Create("mlp", options.Seed), Test.Value);
        output.WriteLine($"2 epochs of 4096 images: secure {secure:P2}, plaintext twin {plain:P2}, untrained {untrained:P2}, {seconds:F1} s");
        Assert.True(secure > 0.80, $"secure accuracy {secure}");
        Assert.True(untrained < 0.3, $"untrained accuracy {untrained}");
        Assert.True(Math.Abs(secure - plain) < 0.02, $"secure {secure} against plaintext {plain}");
    }

    [Fact]
    public void AKilledPartyMakesTheOtherFailWithPeerFailedExceptionAtOnce()
    {
        var options = new SecureTrainingOptions { Epochs = 1, BatchSize = 64, Limit = 1024 };
        var split = HorizontalSplit.Even(1024, 2);
        var receive = TimeSpan.FromSeconds(60);
        var outcome = LocalSession.Run(2, context =>
        {
            var network = SecureNetwork.Share(context, ModelZoo.Create("mlp", 1), owner: 0);
            var trainer = new SecureTrainer(network, options, split, SecureGradientTests.Slice(Train.Value, split, context.PartyId));
            trainer.Train(progress: p =>
            {
                if (context.PartyId == 1 && p.Batch == 3)
                {
                    // Party 1 dies mid-run: its connections close without a word.
                    context.Transport.Dispose();
                    throw new InvalidOperationException("party 1 was killed");
                }
            });
            return 0;
        }, new LocalSessionOptions { UseTls = true, ReceiveTimeout = receive });

        Assert.IsType<InvalidOperationException>(outcome.Errors[1]);
        var failure = Assert.IsType<PeerFailedException>(outcome.Errors[0]);
        output.WriteLine($"party 0: {failure.Message}; finished {outcome.Finished[0].TotalSeconds:F1} s, party 1 at {outcome.Finished[1].TotalSeconds:F1} s");
        Assert.True(outcome.Finished[0] - outcome.Finished[1] < TimeSpan.FromSeconds(10), "party 0 waited for its receive timeout instead of failing at once");
    }
}

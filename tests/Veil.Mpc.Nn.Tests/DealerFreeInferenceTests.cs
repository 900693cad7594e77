using Veil.Mpc.Deployment;
using Veil.Mpc.Nn.Tests.Privacy;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.Mpc.Nn.Tests;

/// <summary>Secure inference with dealer-free preprocessing: the same predictions as plaintext, and the same audits.</summary>
public sealed class DealerFreeInferenceTests
{
    private static readonly Lazy<MnistDataset> Test = new(() => MnistDataset.LoadEmbedded(MnistSplit.Test));

    [Theory]
    [InlineData("mlp", "ot", 8)]
    [InlineData("lenet", "he", 3)]
    [InlineData("securenn-d", "ot", 4)]
    public void PredictionsMatchPlaintextAndTheModelOwnerLearnsNothing(string name, string preprocessing, int n)
    {
        Sequential model = ShippedModels.Names().Contains(name) ? ShippedModels.Load(name) : ModelZoo.Create(name, seed: 7);
        Tensor images = MnistPreprocessing.ImagesNew(Test.Value, 100, n);
        var expected = new int[n];
        model.Classify(images, expected);
        var (logits, predictions, ownerLearnedNothing, stats) = SecureInferenceRun.Run(model, ModelZoo.Create(name, seed: 99), images.Span.ToArray(), n,
            Preprocessings.Options(preprocessing));
        Assert.Equal(expected, predictions);
        Assert.True(ownerLearnedNothing, "the model owner's view held an output or unmasked values");
        Assert.Equal(0, stats.DealerBytesReceived + stats.DealerBytesSent);
        Assert.Equal(n * model.OutputShape.ElementCount, logits.Length);
    }

    [Fact]
    public void ObliviousTransferNeverReusesAMask()
    {
        Sequential model = ShippedModels.Load("mlp");
        float[] images = MnistPreprocessing.ImagesNew(Test.Value, 0, 2).Span.ToArray();
        var views = LocalSession.Run(2, context =>
        {
            var view = new OpeningRecorder();
            context.OpeningObserver = view;
            var secure = SecureModel.Share(context, context.PartyId == 0 ? model : ModelZoo.Create("mlp", 3), 0);
            secure.PredictFor(secure.ShareInput(1, context.PartyId == 1 ? images : [], 2), 1);
            return view;
        }, Preprocessings.Options("ot")).ResultsOrThrow();
        Assert.True(views[0].OpenedWords > 100_000);
        Assert.True(views[0].AlignedClosePairs(40) <= 2, $"{views[0].AlignedClosePairs(40)} aligned close pairs");
        Assert.True(views[0].ClosePairsAnywhere(24) <= 2, $"{views[0].ClosePairsAnywhere(24)} close pairs");
    }
}

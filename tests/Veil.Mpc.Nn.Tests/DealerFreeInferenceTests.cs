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
    [InlineData("lenet", "ot", 3)]
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
    public void ObliviousTransferNeverReusesAMaskAndAReplayedOwnedProductMaskIsCaught()
    {
        var honest = OwnerViewOfTwoBatches(replayOwnedProducts: false);
        var replayed = OwnerViewOfTwoBatches(replayOwnedProducts: true);

        // The weights are owned, never opened: the owner's view holds the masked activations only, fewer words than
        // the first layer's 784 x 128 weights (which the shared-weight path opened once).
        Assert.InRange(honest.OpenedWords, 5_000, 784 * 128);
        Assert.True(honest.AlignedClosePairs(40) <= 2, $"{honest.AlignedClosePairs(40)} aligned close pairs");
        Assert.True(honest.ClosePairsAnywhere(24) <= 2, $"{honest.ClosePairsAnywhere(24)} close pairs");

        // The control replays the first mask A of each owned operand in the second batch: E1 − E2 = X1 − X2 is small.
        Assert.True(replayed.AlignedClosePairs(40) >= 100, $"only {replayed.AlignedClosePairs(40)} aligned close pairs with replayed owned-product masks");
    }

    /// <summary>Two batches of two test images through mlp with ot preprocessing; the model owner's recorded view.</summary>
    private static OpeningRecorder OwnerViewOfTwoBatches(bool replayOwnedProducts)
    {
        Sequential model = ShippedModels.Load("mlp");
        float[] images = MnistPreprocessing.ImagesNew(Test.Value, 0, 4).Span.ToArray();
        var options = Preprocessings.Options("ot");
        if (replayOwnedProducts)
        {
            options = options with { WrapTriples = (_, source) => new OwnedReplayingTripleSource(source) };
        }

        var views = LocalSession.Run(2, context =>
        {
            var view = new OpeningRecorder();
            context.OpeningObserver = view;
            var secure = SecureModel.Share(context, context.PartyId == 0 ? model : ModelZoo.Create("mlp", 3), 0);
            for (int batch = 0; batch < 2; batch++)
            {
                float[] slice = context.PartyId == 1 ? images[(batch * 2 * 784)..((batch + 1) * 2 * 784)] : [];
                secure.PredictFor(secure.ShareInput(1, slice, 2), 1);
            }

            return view;
        }, options).ResultsOrThrow();
        return views[0];
    }
}

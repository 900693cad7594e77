using Veil.Mpc;
using Veil.Mpc.Deployment;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.Mpc.Nn.Tests.Privacy;

/// <summary>
/// Audits of what a party learns in a secure inference, each with a faulty control that the audit must catch, so the
/// audit itself can fail.
/// </summary>
public sealed class PrivacyAuditTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int ModelOwner = 0;
    private const int DataOwner = 1;
    private static readonly Lazy<MnistDataset> Test = new(() => MnistDataset.LoadEmbedded(MnistSplit.Test));

    [Fact]
    public void NoTwoOpeningsShareAMaskAndAReplayedCorrelationIsCaught()
    {
        var (honest, _) = Audit("mlp", replay: false, leakInput: false);
        var (replayed, _) = Audit("mlp", replay: true, leakInput: false);

        output.WriteLine($"fresh: {honest.OpenedWords} words, aligned {honest.AlignedClosePairs(40)}, anywhere {honest.ClosePairsAnywhere(24)}; replayed: aligned {replayed.AlignedClosePairs(40)}");

        // Fresh masks: each compared position is within 2^40 with probability 2^-23; a handful of pairs at most.
        Assert.True(honest.AlignedClosePairs(40) <= 2, $"{honest.AlignedClosePairs(40)} aligned close pairs under fresh masks");
        Assert.True(honest.ClosePairsAnywhere(24) <= 2, $"{honest.ClosePairsAnywhere(24)} close pairs under fresh masks");

        // The control reuses the first truncation pair and comparison mask of each size: the audit must see it.
        Assert.True(replayed.AlignedClosePairs(40) >= 100, $"only {replayed.AlignedClosePairs(40)} aligned close pairs with replayed masks");
    }

    [Fact]
    public void TheModelOwnersViewHoldsOnlyMaskedValuesAndALeakedInputIsCaught()
    {
        var (owner, _) = Audit("lenet", replay: false, leakInput: false);
        Assert.Equal(0, owner.RevealedToThisParty);
        Assert.True(owner.OpenedWords > 10_000, "the audit saw the model owner's openings");
        Assert.True(owner.SmallWords(40) <= SecureInferenceRun.SmallWordAllowance(owner.OpenedWords), $"{owner.SmallWords(40)} unmasked-looking words");

        // The control opens the data owner's images to every party: the model owner's view must show them.
        var (leaked, _) = Audit("lenet", replay: false, leakInput: true);
        output.WriteLine($"model owner: {owner.OpenedWords} words, {owner.SmallWords(40)} small; with the images opened: {leaked.SmallWords(40)} small");
        Assert.True(leaked.SmallWords(40) >= 784, $"only {leaked.SmallWords(40)} small words although the images were opened");
    }

    /// <summary>Runs two test images through <paramref name="name"/> and returns the model owner's recorded view.</summary>
    private static (OpeningRecorder ModelOwnerView, int[] Predictions) Audit(string name, bool replay, bool leakInput)
    {
        Sequential model = ShippedModels.Load(name);
        Sequential architecture = ModelZoo.Create(name, seed: 5);
        float[] images = MnistPreprocessing.ImagesNew(Test.Value, 0, 2).Span.ToArray();
        var options = new LocalSessionOptions
        {
            ReceiveTimeout = TimeSpan.FromMinutes(2),
            WrapTriples = replay ? (_, source) => new ReplayingTripleSource(source) : null,
        };
        var outcome = LocalSession.Run(2, context =>
        {
            var view = new OpeningRecorder();
            context.OpeningObserver = view;
            var secure = SecureModel.Share(context, context.PartyId == ModelOwner ? model : architecture, ModelOwner);
            SharedTensor input = secure.ShareInput(DataOwner, context.PartyId == DataOwner ? images : [], 2);
            if (leakInput)
            {
                input.Reveal();
            }

            return (view, secure.PredictFor(input, DataOwner));
        }, options).ResultsOrThrow();
        return (outcome[ModelOwner].view, outcome[DataOwner].Item2!);
    }
}

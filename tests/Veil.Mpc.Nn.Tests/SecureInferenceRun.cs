using Veil.Mpc;
using Veil.Mpc.Deployment;
using Veil.Mpc.Nn.Tests.Privacy;
using Veil.Nn;

namespace Veil.Mpc.Nn.Tests;

/// <summary>Runs a secure inference with two parties and the dealer as threads (in-process transport).</summary>
internal static class SecureInferenceRun
{
    public const int ModelOwner = 0;
    public const int DataOwner = 1;

    /// <summary>
    /// How many opened words below 2^40 in magnitude a view of <paramref name="words"/> uniformly masked words may hold:
    /// each is that small with probability 2^-23, so the count is about Poisson(λ = words / 2^23); λ + 6√λ + 6 is
    /// passed by chance with probability far below 10^-6, while an opened image alone adds 784.
    /// </summary>
    public static long SmallWordAllowance(long words)
    {
        double lambda = words / (double)(1L << 23);
        return (long)Math.Ceiling(lambda + (6 * Math.Sqrt(lambda)) + 6);
    }

    /// <summary>
    /// Party 0 shares <paramref name="model"/>'s weights, party 1 passes <paramref name="architecture"/> (the same
    /// layers, other weights) and shares the images; returns what the data owner learns, whether the model owner's
    /// recorded view was free of outputs and unmasked values, and the data owner's traffic.
    /// </summary>
    public static (double[] Logits, int[] Predictions, bool ModelOwnerLearnedNothing, OperationStats Stats) Run(
        Sequential model, Sequential architecture, float[] images, int batch, LocalSessionOptions? options = null)
    {
        var outcome = LocalSession.Run(2, context =>
        {
            bool owner = context.PartyId == ModelOwner;
            var view = new OpeningRecorder();
            context.OpeningObserver = view;
            var secure = SecureModel.Share(context, owner ? model : architecture, ModelOwner);
            SharedTensor input = secure.ShareInput(DataOwner, context.PartyId == DataOwner ? images : [], batch);
            double[]? logits = secure.LogitsFor(input, DataOwner);
            int[]? predictions = secure.PredictFor(input, DataOwner);
            return (logits, predictions, view, context.Stats.Total);
        }, options ?? new LocalSessionOptions { ReceiveTimeout = TimeSpan.FromMinutes(2) });
        var results = outcome.ResultsOrThrow();
        var ownerView = results[ModelOwner].view;
        bool learnedNothing = results[ModelOwner].logits is null && results[ModelOwner].predictions is null
            && ownerView.RevealedToThisParty == 0 && ownerView.SmallWords(40) <= SmallWordAllowance(ownerView.OpenedWords);
        return (results[DataOwner].logits!, results[DataOwner].predictions!, learnedNothing, results[DataOwner].Item4);
    }
}

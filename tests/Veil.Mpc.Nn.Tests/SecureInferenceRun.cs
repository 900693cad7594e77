using Veil.Mpc;
using Veil.Mpc.Deployment;
using Veil.Nn;

namespace Veil.Mpc.Nn.Tests;

/// <summary>Runs a secure inference with two parties and the dealer as threads (in-process transport).</summary>
internal static class SecureInferenceRun
{
    public const int ModelOwner = 0;
    public const int DataOwner = 1;

    /// <summary>
    /// Party 0 shares <paramref name="model"/>'s weights, party 1 passes <paramref name="architecture"/> (the same
    /// layers, other weights) and shares the images; returns what the data owner learns and what party 0 learns.
    /// </summary>
    public static (double[] Logits, int[] Predictions, bool ModelOwnerLearnedNothing, OperationStats Stats) Run(
        Sequential model, Sequential architecture, float[] images, int batch)
    {
        var outcome = LocalSession.Run(2, context =>
        {
            bool owner = context.PartyId == ModelOwner;
            var secure = SecureModel.Share(context, owner ? model : architecture, ModelOwner);
            SharedTensor input = secure.ShareInput(DataOwner, context.PartyId == DataOwner ? images : [], batch);
            double[]? logits = secure.LogitsFor(input, DataOwner);
            int[]? predictions = secure.PredictFor(input, DataOwner);
            return (logits, predictions, context.Stats.Total);
        }, new LocalSessionOptions { ReceiveTimeout = TimeSpan.FromMinutes(2) });
        var results = outcome.ResultsOrThrow();
        return (results[DataOwner].logits!, results[DataOwner].predictions!,
            results[ModelOwner].logits is null && results[ModelOwner].predictions is null, results[DataOwner].Item3);
    }
}

using System.Diagnostics;
using Veil.Cli.Commands.Mpc;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.Cli.Tests.Mpc;

/// <summary>The <c>mpc</c> backend's session: real processes over TLS, kept up between batches.</summary>
public sealed class MpcServingSessionTests
{
    private static readonly Lazy<MnistDataset> Test = new(() => MnistDataset.LoadEmbedded(MnistSplit.Test));

    [Fact]
    public void OneSessionAnswersSeveralBatchesLikePlaintextAndAKilledModelOwnerFailsTheNextBatchCleanly()
    {
        Sequential model = ShippedModels.Load("mlp");
        using var session = new MpcServingSession(model);
        int start = 0;
        foreach (int n in new[] { 5, 2 })
        {
            Tensor images = MnistPreprocessing.ImagesNew(Test.Value, start, n);
            var logits = new Tensor(n, 10);
            session.Infer(images, logits);
            Assert.Equal(Classes(model.PredictNew(images), n), Classes(logits, n));
            start += n;
        }

        Assert.Equal(7, session.Metrics[InferenceMetrics.Images]);

        // Parties apart: no key file anywhere (each process made its key in memory), the data owner's directory holds
        // only the public architecture, and only the model owner's holds the weights.
        Assert.Equal(3, session.Processes.Count);
        Assert.All(session.Processes, p => Assert.Empty(Directory.GetFiles(p.Directory, "*.pfx", SearchOption.AllDirectories)));
        Assert.Equal(["architecture.veil"], Directory.GetFiles(session.Processes.Single(p => p.Id == 0).Directory).Select(Path.GetFileName));
        Assert.Contains("model.veil", Directory.GetFiles(session.Processes.Single(p => p.Id == 1).Directory).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(session.Processes.Single(p => p.Id == 2).Directory));
        Assert.True(session.Metrics[InferenceMetrics.Bytes] > 7 * 784 * 8, "the batches moved shares of every pixel");
        Assert.True(session.Metrics[InferenceMetrics.Rounds] >= 2 * 20, "each batch took the protocol's rounds");

        // The model owner (party 1) dies between batches: the next batch fails with one clear error, not a hang.
        StdioEndpoint owner = session.Processes.Single(p => p.Id == 1);
        owner.Process.Kill();
        owner.Process.WaitForExit();
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<VeilException>(() => session.Infer(MnistPreprocessing.ImagesNew(Test.Value, 0, 1), new Tensor(1, 10)));
        Assert.StartsWith("secure inference failed", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the failure took {clock.Elapsed}");
    }

    private static int[] Classes(Tensor logits, int n) =>
        Enumerable.Range(0, n).Select(i =>
        {
            ReadOnlySpan<float> row = logits.Span.Slice(i * 10, 10);
            return row.IndexOf(System.Numerics.Tensors.TensorPrimitives.Max(row));
        }).ToArray();
}

using System.Text.Json.Nodes;
using Veil.Mpc.Deployment;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Serialization;
using Veil.Nn.Zoo;
using Veil.Tensors;

namespace Veil.Mpc.Nn.Tests;

/// <summary>A serving session (<see cref="SecureInferenceJob.Serve"/>): one session, several batches through a
/// <see cref="SecureInferenceQueue"/>, the parties and dealer as threads over the in-process transport.</summary>
public sealed class ServingSessionTests : IDisposable
{
    private const int DataOwner = 0;
    private const int ModelOwner = 1;
    private const int MaxBatch = 8;

    private static readonly Lazy<MnistDataset> Test = new(() => MnistDataset.LoadEmbedded(MnistSplit.Test));

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("veil-serving-test");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void BatchesOfDifferentSizesInOneSessionEqualPlaintextAndTheSessionEndsCleanly()
    {
        Sequential model = ShippedModels.Load("mlp");
        var queue = new SecureInferenceQueue(MaxBatch, model.InputShape.ElementCount);
        int[] sizes = [3, 1, 8, 3];
        var answers = new List<SecureBatchResult>();
        var client = new Thread(() =>
        {
            int start = 0;
            foreach (int n in sizes)
            {
                answers.Add(queue.Classify(MnistPreprocessing.ImagesNew(Test.Value, start, n).Span, n, TimeSpan.FromMinutes(2)));
                start += n;
            }

            queue.Complete();
        });
        client.Start();
        var outcome = Run(model, modelFile: Save(model, "model.veil"), queue);
        client.Join();

        JsonObject[] reports = outcome.ResultsOrThrow();
        Assert.Equal(sizes.Length, reports[ModelOwner]["batches"]!.GetValue<int>());
        Assert.Equal(sizes.Sum(), reports[ModelOwner]["images"]!.GetValue<int>());
        int offset = 0;
        for (int b = 0; b < sizes.Length; b++)
        {
            int[] expected = PlainClasses(model, offset, sizes[b]);
            Assert.Equal(expected, answers[b].Classes);
            Assert.True(answers[b].Bytes > 0 && answers[b].Rounds > 0, "every batch reports its cost");
            offset += sizes[b];
        }

        // The same batch size again reuses the recorded preprocessing: fetched ahead, not on demand.
        Assert.Equal(0, answers[0].PreprocessingSeconds);
        Assert.True(answers[3].PreprocessingSeconds > 0, "the second batch of 3 prefetches its correlations");
        Assert.Throws<MpcProtocolException>(() => queue.Classify(new float[model.InputShape.ElementCount], 1, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void ABatchLargerThanTheSessionTakesIsRefusedBeforeAnythingIsSent()
    {
        var queue = new SecureInferenceQueue(MaxBatch, 784);
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Classify(new float[784 * (MaxBatch + 1)], MaxBatch + 1, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentException>(() => queue.Classify(new float[10], 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void AModelOwnerThatFailsMakesTheWaitingClientFailAtOnceWithATypedError()
    {
        Sequential model = ShippedModels.Load("mlp");
        var queue = new SecureInferenceQueue(MaxBatch, model.InputShape.ElementCount);
        Exception? clientError = null;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var client = new Thread(() =>
        {
            try
            {
                queue.Classify(MnistPreprocessing.ImagesNew(Test.Value, 0, 2).Span, 2, TimeSpan.FromMinutes(2));
            }
            catch (Exception error)
            {
                clientError = error;
            }
        });
        client.Start();
        var outcome = Run(model, modelFile: Path.Combine(_directory.FullName, "missing.veil"), queue);
        client.Join();

        Assert.NotNull(outcome.Errors[ModelOwner]);
        Assert.IsAssignableFrom<MpcProtocolException>(clientError);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"the client waited {waited.Elapsed}");
    }

    private static int[] PlainClasses(Sequential model, int start, int n)
    {
        Tensor logits = model.PredictNew(MnistPreprocessing.ImagesNew(Test.Value, start, n));
        int classes = model.OutputShape.ElementCount;
        return Enumerable.Range(0, n).Select(i =>
        {
            ReadOnlySpan<float> row = logits.Span.Slice(i * classes, classes);
            return row.IndexOf(System.Numerics.Tensors.TensorPrimitives.Max(row));
        }).ToArray();
    }

    private string Save(Sequential model, string name)
    {
        string path = Path.Combine(_directory.FullName, name);
        ModelFile.Save(model, path);
        return path;
    }

    private LocalSessionOutcome<JsonObject> Run(Sequential model, string modelFile, SecureInferenceQueue queue)
    {
        Sequential architecture = ModelZoo.Create(model.Name, seed: 99);
        string architectureFile = Save(architecture, "architecture.veil");
        return LocalSession.Run(2, context =>
        {
            bool owner = context.PartyId == DataOwner;
            var job = new SecureInferenceJob(modelFile, architectureFile, "", MaxBatch, MaxBatch, modelOwner: ModelOwner, dataOwner: DataOwner,
                serve: true, requests: owner ? queue : null);
            return job.Run(context);
        }, new LocalSessionOptions { ReceiveTimeout = TimeSpan.FromSeconds(30) });
    }
}

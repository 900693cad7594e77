using Veil.He.Nn;
using Veil.He.Nn.Planning;
using Veil.Mpc;
using Veil.Mpc.Deployment;
using Veil.Mpc.Nn;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Onnx;
using Veil.Tensors;

namespace Veil.Samples.OnnxImport;

/// <summary>What the sample measured.</summary>
/// <param name="Images">Test images classified by each backend.</param>
/// <param name="PlainAccuracy">The CNN in the clear.</param>
/// <param name="HeAccuracy">The polynomial twin under CKKS (batch packing).</param>
/// <param name="HeMatchesPlain">Whether every CKKS prediction equals the twin's own prediction in the clear.</param>
/// <param name="MpcAccuracy">The CNN under two-party MPC.</param>
/// <param name="MpcMatchesPlain">Whether every MPC prediction equals the CNN's prediction in the clear.</param>
public sealed record SampleResult(int Images, double PlainAccuracy, double HeAccuracy, bool HeMatchesPlain, double MpcAccuracy, bool MpcMatchesPlain);

/// <summary>
/// Brings a model trained elsewhere: imports the sample's ONNX CNN, runs it in the clear and under two-party MPC, asks
/// the HE planner what CKKS would need, and runs the CNN's polynomial twin under CKKS.
/// </summary>
public static class OnnxImportSample
{
    public static SampleResult Run(TextWriter output, string directory, int images = 64)
    {
        MnistDataset test = MnistDataset.LoadEmbedded(MnistSplit.Test);
        int[] labels = [.. test.Labels[..images].ToArray().Select(l => (int)l)];

        // 1. Import: the trailing Softmax is kept beside the model; argmax needs only the logits.
        OnnxImportResult cnn = OnnxImporter.Import(Path.Combine(directory, SampleModels.Cnn));
        output.WriteLine($"imported {SampleModels.Cnn} (opset {cnn.Opset}, from {cnn.Producer}): {string.Join(", ", cnn.Model.Layers)}; output function {cnn.OutputFunction}");

        // 2. In the clear.
        int[] plain = Classify(cnn.Model, test, images);
        double plainAccuracy = Accuracy(plain, labels);
        output.WriteLine($"plain: {plainAccuracy:P1} on {images} test images");

        // 3. Under MPC: party 0 holds the model, party 1 the images; only party 1 learns the predictions.
        Tensor batch = MnistPreprocessing.ImagesNew(test, 0, images);
        float[] pixels = batch.Span.ToArray();
        var outcome = LocalSession.Run(2, context =>
        {
            SecureModel secure = SecureModel.Share(context, cnn.Model, modelOwner: 0);
            SharedTensor input = secure.ShareInput(1, context.PartyId == 1 ? pixels : [], images);
            return secure.PredictFor(input, 1);
        }, new LocalSessionOptions { ReceiveTimeout = TimeSpan.FromMinutes(2) });
        int[] mpc = outcome.ResultsOrThrow()[1]!;
        double mpcAccuracy = Accuracy(mpc, labels);
        output.WriteLine($"mpc: {mpcAccuracy:P1}, predictions equal plain: {mpc.SequenceEqual(plain)}");

        // 4. Under CKKS: the planner says what the ReLU CNN lacks; its polynomial twin runs.
        foreach (string change in InferencePlanner.RequiredChanges(cnn.Model))
        {
            output.WriteLine($"for CKKS, {change}");
        }

        OnnxImportResult twin = OnnxImporter.Import(Path.Combine(directory, SampleModels.PolynomialCnn));
        int[] twinPlain = Classify(twin.Model, test, images);
        using IInferenceSession session = new HeBackend(PackingMode.Batch).Open(twin.Model);
        var logits = new Tensor(images, 10);
        session.Infer(batch, logits);
        int[] he = new int[images];
        Tensor.ArgMaxRows(logits, he);
        double heAccuracy = Accuracy(he, labels);
        output.WriteLine($"he ({SampleModels.PolynomialCnn}): {heAccuracy:P1}, predictions equal the twin in the clear: {he.SequenceEqual(twinPlain)}");
        return new SampleResult(images, plainAccuracy, heAccuracy, he.SequenceEqual(twinPlain), mpcAccuracy, mpc.SequenceEqual(plain));
    }

    private static int[] Classify(Sequential model, MnistDataset test, int images)
    {
        int[] predicted = new int[images];
        model.Classify(MnistPreprocessing.ImagesNew(test, 0, images), predicted);
        return predicted;
    }

    private static double Accuracy(int[] predicted, int[] labels) => predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
}

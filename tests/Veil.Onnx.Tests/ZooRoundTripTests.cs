using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Zoo;
using VeilTensor = Veil.Tensors.Tensor;

namespace Veil.Onnx.Tests;

/// <summary>Every shipped model exported to ONNX: ONNX Runtime agrees with Veil on a test batch, and the file imports
/// back to a model with the same predictions on all 10,000 test images.</summary>
public class ZooRoundTripTests
{
    private static readonly MnistDataset Test = MnistDataset.LoadEmbedded(MnistSplit.Test);

    public static TheoryData<string> Shipped => [.. ShippedModels.Names()];

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Exported_model_runs_in_onnx_runtime_and_imports_back_to_the_same_predictions(string name)
    {
        Sequential model = ShippedModels.Load(name);
        using var file = new MemoryStream();
        OnnxExporter.Export(model, file);
        byte[] onnx = file.ToArray();

        // ONNX Runtime on the first 64 test images, against Veil's own float32 pass.
        VeilTensor batch = MnistPreprocessing.ImagesNew(Test, 0, 64);
        float[] expected = model.PredictNew(batch).Span.ToArray();
        float[] actual = Oracle.RunOnnxRuntime(onnx, batch.Span.ToArray(), [64, 1, 28, 28]);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Oracle.Tolerance * (Math.Abs(expected[i]) + 1), $"{name}, value {i}: ONNX Runtime {actual[i]}, Veil {expected[i]}");
        }

        // Imported back: the same layers' predictions on every test image, and the properties (DP guarantees) kept.
        OnnxImportResult imported = OnnxImporter.Import(new MemoryStream(onnx), name + ".onnx");
        VeilTensor all = MnistPreprocessing.ImagesNew(Test, 0, Test.Count);
        int[] original = new int[Test.Count], roundTrip = new int[Test.Count];
        model.Classify(all, original);
        imported.Model.Classify(all, roundTrip);
        Assert.Equal(original, roundTrip);
        Assert.Equal(model.Layers.Select(l => l.ToString()), imported.Model.Layers.Select(l => l.ToString()));
        foreach (KeyValuePair<string, string> property in model.Properties)
        {
            Assert.Equal(property.Value, imported.Model.Properties[property.Key]);
        }
    }
}

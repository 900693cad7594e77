using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Veil.Nn;
using Veil.Tensors;
using VeilTensor = Veil.Tensors.Tensor;

namespace Veil.Onnx.Tests;

/// <summary>Runs an ONNX file in ONNX Runtime and the same file imported into Veil, and compares.</summary>
internal static class Oracle
{
    /// <summary>|veil − ort| ≤ 1e-4·(|ort| + 1) for every output value.</summary>
    public const double Tolerance = 1e-4;

    public static float[] RunOnnxRuntime(byte[] model, float[] input, int[] shape)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model, options);
        string name = session.InputMetadata.Keys.Single();
        var tensor = new DenseTensor<float>(input, shape);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([NamedOnnxValue.CreateFromTensor(name, tensor)]);
        return [.. results.Single().AsEnumerable<float>()];
    }

    public static float[] RunVeil(OnnxImportResult imported, float[] input, int[] shape)
    {
        var images = new VeilTensor(new TensorShape(shape));
        input.CopyTo(images.Span);
        VeilTensor output = imported.Model.PredictNew(images);
        float[] values = output.Span.ToArray();
        OnnxOutput.Apply(imported.OutputFunction, values, imported.Model.OutputShape.ElementCount);
        return values;
    }

    /// <summary>Imports <paramref name="model"/>, runs both on a random batch and asserts agreement.</summary>
    public static OnnxImportResult AssertAgrees(byte[] model, int[] exampleShape, int batch = 5, int seed = 3)
    {
        OnnxImportResult imported = OnnxImporter.Import(new MemoryStream(model), "test.onnx");
        var random = new System.Random(seed);
        int[] shape = [batch, .. exampleShape];
        float[] input = [.. Enumerable.Range(0, shape.Aggregate(1, (a, d) => a * d)).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] expected = RunOnnxRuntime(model, input, shape);
        float[] actual = RunVeil(imported, input, shape);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Tolerance * (Math.Abs(expected[i]) + 1),
                $"value {i}: Veil {actual[i]} against ONNX Runtime {expected[i]}");
        }

        return imported;
    }
}

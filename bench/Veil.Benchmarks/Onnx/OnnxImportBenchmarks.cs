using BenchmarkDotNet.Attributes;
using Veil.Nn.Zoo;
using Veil.Onnx;

namespace Veil.Benchmarks.Onnx;

/// <summary>Importing an ONNX file (parse, translate, copy the weights) and exporting one, for shipped models of
/// each size (lenet: 431,080 parameters, 1.7 MB).</summary>
/// <remarks>Run: <c>dotnet run -c Release --project bench/Veil.Benchmarks -- --filter '*OnnxImport*'</c>.</remarks>
[MemoryDiagnoser]
public class OnnxImportBenchmarks
{
    private byte[] _onnx = [];
    private Veil.Nn.Sequential _model = null!;

    [Params("mlp", "lenet", "lenet-he")]
    public string Model { get; set; } = "lenet";

    [GlobalSetup]
    public void Setup()
    {
        _model = ShippedModels.Load(Model);
        using var stream = new MemoryStream();
        OnnxExporter.Export(_model, stream);
        _onnx = stream.ToArray();
    }

    /// <summary>ONNX bytes to a Veil model.</summary>
    [Benchmark]
    public OnnxImportResult Import() => OnnxImporter.Import(new MemoryStream(_onnx), Model);

    /// <summary>A Veil model to ONNX bytes.</summary>
    [Benchmark]
    public long Export()
    {
        using var stream = new MemoryStream();
        OnnxExporter.Export(_model, stream);
        return stream.Length;
    }
}

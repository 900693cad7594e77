using Veil.Samples.OnnxImport;

// dotnet run -c Release --project samples/onnx-import                 run the sample on the shipped ONNX files
// dotnet run -c Release --project samples/onnx-import -- --make-models  retrain and re-export them (provenance)
string directory = AppContext.BaseDirectory;
if (args.Contains("--make-models"))
{
    SampleModels.Make(Path.Combine(Environment.CurrentDirectory, "samples", "onnx-import"), Console.Out);
    return;
}

OnnxImportSample.Run(Console.Out, directory);

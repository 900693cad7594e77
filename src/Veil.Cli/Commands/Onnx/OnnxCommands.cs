using System.CommandLine;
using Veil.Cli.Commands.Nn;
using Veil.Nn;
using Veil.Nn.Serialization;
using Veil.Onnx;

namespace Veil.Cli.Commands.Onnx;

/// <summary><c>veil import</c> and <c>veil export</c>: ONNX files to Veil model files and back.</summary>
internal static class OnnxCommands
{
    public static void Register(RootCommand root, CliContext context)
    {
        root.Subcommands.Add(CreateImport(context));
        root.Subcommands.Add(CreateExport(context));
    }

    private static Command CreateImport(CliContext context)
    {
        var onnx = new Option<string>("--onnx") { Description = "The ONNX file (opsets 9–21).", Required = true, HelpName = "FILE" };
        var output = new Option<string>("--out") { Description = "The Veil model file to write.", Required = true, HelpName = "FILE.veil" };
        var command = new Command("import", "Import an ONNX model into a Veil model file, or say in one line why it cannot be.") { onnx, output };
        command.SetAction(parse =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            OnnxImportResult result = OnnxImporter.Import(parse.GetValue(onnx)!);
            ModelFile.Save(result.Model, parse.GetValue(output)!);
            context.Out.WriteLine($"imported '{result.Model.Name}' (opset {result.Opset}, from {(string.IsNullOrEmpty(result.Producer) ? "an unnamed producer" : result.Producer)}) " +
                $"in {clock.Elapsed.TotalMilliseconds:F0} ms: {string.Join(", ", result.Model.Layers)}" +
                (result.OutputFunction is null ? "" : $"; the trailing {result.OutputFunction} is kept as the model's output function") + $" -> {parse.GetValue(output)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateExport(CliContext context)
    {
        var model = NnOptions.Model("A shipped model, e.g. lenet or lenet-dp3.");
        var file = NnOptions.ModelFile();
        var onnx = new Option<string>("--onnx") { Description = "The ONNX file to write (opset 13).", Required = true, HelpName = "FILE" };
        var command = new Command("export", "Export a Veil model to ONNX, for ONNX Runtime and other tools.") { model, file, onnx };
        command.SetAction(parse =>
        {
            Sequential network = NnOptions.LoadModel(parse.GetValue(model), parse.GetValue(file));
            string path = parse.GetValue(onnx)!;
            OnnxExporter.Export(network, path);
            context.Out.WriteLine($"exported '{network.Name}' to {path} (ONNX opset {OnnxExporter.Opset}, {new FileInfo(path).Length:N0} bytes)");
            return ExitCodes.Success;
        });
        return command;
    }
}

using Google.Protobuf;
using Veil.Nn;
using Veil.Onnx.Proto;

namespace Veil.Onnx;

/// <summary>
/// Imports an ONNX model (opsets 9 to 21) into a Veil.Nn <see cref="Sequential"/>: a chain of Conv, Gemm/MatMul,
/// pooling, activation and shape nodes, with element-wise constants, BatchNormalization and input normalization folded
/// into the neighbouring Conv or Gemm, and a trailing Softmax/LogSoftmax kept beside the model.
/// </summary>
/// <remarks>Anything else is refused with an <see cref="OnnxImportException"/> whose one-line message names the node,
/// operator, opset and reason (docs/onnx.md lists what is supported). Thread-safety: stateless, safe from any thread.</remarks>
public static class OnnxImporter
{
    /// <summary>The oldest default-domain opset read.</summary>
    public const int MinOpset = 9;

    /// <summary>The newest default-domain opset read.</summary>
    public const int MaxOpset = 21;

    /// <summary>The model property that records a trailing Softmax or LogSoftmax ("softmax", "logsoftmax"), so that a
    /// saved model exports with it again.</summary>
    public const string OutputProperty = "onnx.output";

    /// <summary>Imports the ONNX file at <paramref name="path"/>.</summary>
    /// <exception cref="OnnxImportException">The file is not a valid ONNX model or uses what Veil cannot express.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static OnnxImportResult Import(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Import(stream, Path.GetFileName(path));
    }

    /// <summary>Imports an ONNX model from <paramref name="stream"/>.</summary>
    /// <exception cref="OnnxImportException">The data is not a valid ONNX model or uses what Veil cannot express.</exception>
    public static OnnxImportResult Import(Stream stream, string source = "ONNX model")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new OnnxImportException($"{source}: not a valid ONNX file ({ex.Message})", ex);
        }

        if (model.Graph is null || model.Graph.Node.Count == 0)
        {
            throw new OnnxImportException($"{source}: not an ONNX model (no graph, or an empty one).");
        }

        int opset = Opset(model, source);
        GraphProto graph = model.Graph;
        var constants = new Dictionary<string, ConstantTensor>(StringComparer.Ordinal);
        foreach (TensorProto initializer in graph.Initializer)
        {
            constants[initializer.Name] = OnnxTensors.Read(initializer, source);
        }

        ValueInfoProto input = Input(graph, constants, source);
        int[] inputShape = InputShape(input, source);
        var chain = new ChainBuilder(input.Name, inputShape);
        string? outputFunction = null;
        for (int i = 0; i < graph.Node.Count; i++)
        {
            var node = new OnnxNode(graph.Node[i], opset);
            if (outputFunction is not null)
            {
                throw node.Refuse($"a {outputFunction} must be the graph's last node");
            }

            if (node.Proto.Domain is not ("" or "ai.onnx"))
            {
                throw node.Refuse($"operators of domain '{node.Proto.Domain}' are not supported");
            }

            outputFunction = OnnxOps.Translate(node, chain, constants);
        }

        string output = graph.Output.Count == 1 ? graph.Output[0].Name : throw new OnnxImportException($"{source}: the graph has {graph.Output.Count} outputs; Veil imports models with one.");
        if (outputFunction is null)
        {
            chain.Materialize(output, new OnnxNode(graph.Node[^1], opset));
        }

        if (chain.Current != output)
        {
            throw new OnnxImportException($"{source}: the graph's output '{output}' is not the end of its chain of nodes.");
        }

        string name = string.IsNullOrWhiteSpace(graph.Name) ? Path.GetFileNameWithoutExtension(source) : graph.Name;
        Sequential sequential;
        try
        {
            sequential = chain.Build(string.IsNullOrWhiteSpace(name) ? "onnx-model" : name, inputShape);
        }
        catch (ArgumentException ex)
        {
            throw new OnnxImportException($"{source}: the layers do not fit together: {ex.Message}", ex);
        }

        foreach (StringStringEntryProto property in model.MetadataProps)
        {
            sequential.Properties[property.Key] = property.Value;
        }

        sequential.Properties["onnx.opset"] = opset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (outputFunction is not null)
        {
            sequential.Properties[OutputProperty] = outputFunction;
        }

        return new OnnxImportResult(sequential, outputFunction, opset, model.ProducerName);
    }

    private static int Opset(ModelProto model, string source)
    {
        OperatorSetIdProto? entry = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
        if (entry is null)
        {
            throw new OnnxImportException($"{source}: the model imports no default-domain opset.");
        }

        if (entry.Version is < MinOpset or > MaxOpset)
        {
            throw new OnnxImportException($"{source}: opset {entry.Version} is outside the {MinOpset}–{MaxOpset} Veil reads.");
        }

        return (int)entry.Version;
    }

    private static ValueInfoProto Input(GraphProto graph, Dictionary<string, ConstantTensor> constants, string source)
    {
        ValueInfoProto[] inputs = [.. graph.Input.Where(i => !constants.ContainsKey(i.Name))];
        return inputs.Length == 1 ? inputs[0] : throw new OnnxImportException($"{source}: the graph has {inputs.Length} non-constant inputs; Veil imports models with one.");
    }

    /// <summary>The per-example shape of the input: [N, C, H, W] or [N, F] with N free, every other dimension fixed.</summary>
    private static int[] InputShape(ValueInfoProto input, string source)
    {
        TensorShapeProto? shape = input.Type?.TensorType?.Shape;
        if (shape is null || shape.Dim.Count is not (2 or 4))
        {
            throw new OnnxImportException($"{source}: input '{input.Name}' must have a known shape [N, C, H, W] or [N, F].");
        }

        if (input.Type!.TensorType.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw new OnnxImportException($"{source}: input '{input.Name}' must be float32.");
        }

        var dims = new int[shape.Dim.Count - 1];
        for (int d = 1; d < shape.Dim.Count; d++)
        {
            TensorShapeProto.Types.Dimension dim = shape.Dim[d];
            if (dim.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dim.DimValue is < 1 or > 1 << 20)
            {
                throw new OnnxImportException($"{source}: input '{input.Name}' has a dynamic dimension {d} ('{dim.DimParam}'); only the batch dimension may be dynamic.");
            }

            dims[d - 1] = (int)dim.DimValue;
        }

        return dims;
    }
}

using Google.Protobuf;
using Veil.Onnx.Proto;

namespace Veil.Onnx.Tests;

/// <summary>Builds small ONNX graphs node by node for the per-operator tests (written with Veil's own proto classes).</summary>
internal sealed class TestGraph
{
    private readonly GraphProto _graph = new() { Name = "test" };
    private readonly System.Random _random;
    private int _count;

    public TestGraph(int[] inputShape, int seed = 1)
    {
        _random = new System.Random(seed);
        InputShape = inputShape;
        _graph.Input.Add(Value("x", inputShape));
        Current = "x";
    }

    public int[] InputShape { get; }

    public string Current { get; private set; }

    /// <summary>A constant of random values in [−1, 1) (or the values given).</summary>
    public string Constant(long[] dims, float[]? values = null)
    {
        long count = dims.Aggregate(1L, (a, d) => a * d);
        values ??= [.. Enumerable.Range(0, (int)count).Select(_ => (float)((_random.NextDouble() * 2) - 1))];
        string name = $"k{_count++}";
        _graph.Initializer.Add(OnnxTensors.Float(name, dims, values));
        return name;
    }

    public string Int64Constant(params long[] values)
    {
        string name = $"k{_count++}";
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.Add(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A node on the running value (input 0) with further inputs; it becomes the running value.</summary>
    public TestGraph Op(string op, string[]? inputs = null, params AttributeProto[] attributes)
    {
        string output = $"v{_count++}";
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.Add(inputs ?? [Current]);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        _graph.Node.Add(node);
        Current = output;
        return this;
    }

    public TestGraph Then(string op, params AttributeProto[] attributes) => Op(op, [Current], attributes);

    public TestGraph With(string op, string constant, params AttributeProto[] attributes) => Op(op, [Current, constant], attributes);

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Text(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    /// <summary>The model file: one output (the running value, shape left to inference), at <paramref name="opset"/>.</summary>
    public byte[] Build(int opset)
    {
        var graph = _graph.Clone();
        graph.Output.Add(new ValueInfoProto
        {
            Name = Current,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } },
        });
        var model = new ModelProto { IrVersion = opset >= 21 ? 10 : opset >= 15 ? 8 : 7, Graph = graph, ProducerName = "veil-tests" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model.ToByteArray();
    }

    private static ValueInfoProto Value(string name, int[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (int d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }
}

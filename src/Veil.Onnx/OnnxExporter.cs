using System.Globalization;
using Google.Protobuf;
using Veil.Nn;
using Veil.Nn.Layers;
using Veil.Onnx.Proto;

namespace Veil.Onnx;

/// <summary>
/// Writes a Veil.Nn <see cref="Sequential"/> as an ONNX model (IR version 8, opset 13) that ONNX Runtime and other
/// tools run: Conv, Gemm, MaxPool, AveragePool, Relu, Tanh, Sigmoid, Flatten, Square as x·x and a polynomial in
/// Horner form (Mul and Add with scalar constants); the model's properties (a DP model's ε and δ among them) travel as
/// metadata, and the batch dimension is free.
/// </summary>
/// <remarks>Thread-safety: stateless; the model must not be trained meanwhile.</remarks>
public static class OnnxExporter
{
    /// <summary>The opset written.</summary>
    public const int Opset = 13;

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>, with a trailing
    /// <paramref name="outputFunction"/> ("softmax" or "logsoftmax") if given, or the one an imported model recorded
    /// (<see cref="OnnxImporter.OutputProperty"/>).</summary>
    /// <exception cref="ArgumentException">The output function is unknown.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Export(Sequential model, Stream stream, string? outputFunction = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        if (outputFunction is null && model.Properties.TryGetValue(OnnxImporter.OutputProperty, out string? recorded))
        {
            outputFunction = recorded;
        }

        Guard.IsTrue(outputFunction is null or "softmax" or "logsoftmax", nameof(outputFunction), "must be softmax, logsoftmax or null");
        var graph = new GraphProto { Name = model.Name };
        graph.Input.Add(Value("input", [.. model.InputShape.Dimensions]));
        var writer = new GraphWriter(graph);
        string current = "input";
        foreach (Layer layer in model.Layers)
        {
            current = writer.Layer(layer, current);
        }

        if (outputFunction is not null)
        {
            current = writer.Node(outputFunction == "softmax" ? "Softmax" : "LogSoftmax", [current], [Int("axis", -1)]);
        }

        graph.Output.Add(Value(current, [.. model.OutputShape.Dimensions]));
        var onnx = new ModelProto { IrVersion = 8, ProducerName = "Veil", ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "", Graph = graph };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (KeyValuePair<string, string> property in model.Properties)
        {
            onnx.MetadataProps.Add(new StringStringEntryProto { Key = property.Key, Value = property.Value });
        }

        onnx.WriteTo(stream);
    }

    /// <summary>Writes <paramref name="model"/> to the file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export(Sequential model, string path, string? outputFunction = null)
    {
        using FileStream stream = File.Create(path);
        Export(model, stream, outputFunction);
    }

    internal static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    internal static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    private static ValueInfoProto Value(string name, int[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (int d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>Appends nodes and initializers with fresh names.</summary>
    private sealed class GraphWriter(GraphProto graph)
    {
        private int _count;

        public string Layer(Layer layer, string x) => layer switch
        {
            Conv2d conv => Node("Conv", [x, Weight(conv.Weight.Span, [conv.OutChannels, conv.InChannels, conv.KernelSize, conv.KernelSize]), Bias(conv.Bias, conv.OutChannels)],
                [Ints("kernel_shape", conv.KernelSize, conv.KernelSize), Ints("strides", conv.Stride, conv.Stride), Ints("pads", conv.Padding, conv.Padding, conv.Padding, conv.Padding)]),
            Linear linear => Node("Gemm", [x, Weight(linear.Weight.Span, [linear.OutFeatures, linear.InFeatures]), Bias(linear.Bias, linear.OutFeatures)], [Int("transB", 1)]),
            MaxPool2d pool => Node("MaxPool", [x], [Ints("kernel_shape", pool.KernelSize, pool.KernelSize), Ints("strides", pool.Stride, pool.Stride)]),
            AvgPool2d pool => Node("AveragePool", [x], [Ints("kernel_shape", pool.KernelSize, pool.KernelSize), Ints("strides", pool.Stride, pool.Stride)]),
            ReLU => Node("Relu", [x], []),
            Tanh => Node("Tanh", [x], []),
            Sigmoid => Node("Sigmoid", [x], []),
            Flatten => Node("Flatten", [x], [Int("axis", 1)]),
            Square => Node("Mul", [x, x], []),
            Polynomial polynomial => Horner(polynomial.Coefficients, x),
            _ => throw new ArgumentException($"layer {layer} has no ONNX form", nameof(layer)),
        };

        public string Node(string op, string[] inputs, AttributeProto[] attributes)
        {
            string output = $"{op.ToLowerInvariant()}_{_count++}";
            var node = new NodeProto { OpType = op, Name = output };
            node.Input.Add(inputs);
            node.Output.Add(output);
            node.Attribute.Add(attributes);
            graph.Node.Add(node);
            return output;
        }

        /// <summary>c_d·x, + c_(d−1), ·x, …, + c_0.</summary>
        private string Horner(IReadOnlyList<double> c, string x)
        {
            string acc = Node("Mul", [x, Scalar(c[^1])], []);
            for (int k = c.Count - 2; k >= 0; k--)
            {
                acc = Node("Add", [acc, Scalar(c[k])], []);
                if (k > 0)
                {
                    acc = Node("Mul", [acc, x], []);
                }
            }

            return acc;
        }

        private string Weight(ReadOnlySpan<float> values, long[] dims) => Initializer(values, dims);

        private string Bias(Veil.Tensors.Tensor? bias, int count) => bias is null ? Initializer(new float[count], [count]) : Initializer(bias.Span, [count]);

        private string Scalar(double value) => Initializer([(float)value], []);

        private string Initializer(ReadOnlySpan<float> values, long[] dims)
        {
            string name = "c" + (_count++).ToString(CultureInfo.InvariantCulture);
            graph.Initializer.Add(OnnxTensors.Float(name, dims, values));
            return name;
        }
    }
}

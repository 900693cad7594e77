using Veil.Nn.Layers;
using Veil.Onnx.Proto;

namespace Veil.Onnx;

/// <summary>Translates one node onto the chain: the dispatch over operator types.</summary>
internal static partial class OnnxOps
{
    /// <returns>"softmax" or "logsoftmax" for a trailing output function, else null.</returns>
    public static string? Translate(OnnxNode node, ChainBuilder chain, Dictionary<string, ConstantTensor> constants)
    {
        switch (node.OpType)
        {
            case "Constant":
                constants[Output(node)] = ConstantValue(node);
                return null;
            case "Identity":
                Alias(node, chain, constants);
                return null;
            case "Add" or "Sub" or "Mul" or "Div" or "Pow":
                Elementwise(node, chain, constants);
                return null;
            case "Conv":
                Conv(node, chain, constants);
                return null;
            case "Gemm":
                Gemm(node, chain, constants);
                return null;
            case "MatMul":
                MatMul(node, chain, constants);
                return null;
            case "BatchNormalization":
                BatchNormalization(node, chain, constants);
                return null;
            case "Relu":
                Activation(node, chain, new ReLU());
                return null;
            case "Tanh":
                Activation(node, chain, new Tanh());
                return null;
            case "Sigmoid":
                Activation(node, chain, new Sigmoid());
                return null;
            case "MaxPool" or "AveragePool":
                Pool(node, chain);
                return null;
            case "GlobalAveragePool":
                GlobalAveragePool(node, chain);
                return null;
            case "Flatten":
                Flatten(node, chain);
                return null;
            case "Reshape":
                Reshape(node, chain, constants);
                return null;
            case "Transpose":
                Transpose(node, chain);
                return null;
            case "Softmax" or "LogSoftmax":
                return OutputFunction(node, chain);
            default:
                throw node.Refuse("operator not supported (Veil imports Conv, Gemm, MatMul, Add, Sub, Mul, Div, Pow, BatchNormalization, Relu, Tanh, Sigmoid, MaxPool, AveragePool, GlobalAveragePool, Flatten, Reshape, Transpose, Softmax, LogSoftmax, Constant and Identity)");
        }
    }

    private static string Output(OnnxNode node) =>
        node.Proto.Output.Count >= 1 ? node.Proto.Output[0] : throw node.Refuse("the node has no output");

    /// <summary>The running value as the node's first input, made current.</summary>
    private static void TakeInput(OnnxNode node, ChainBuilder chain)
    {
        if (node.Proto.Input.Count == 0)
        {
            throw node.Refuse("the node has no input");
        }

        chain.Materialize(node.Proto.Input[0], node);
    }

    private static ConstantTensor Constant(OnnxNode node, Dictionary<string, ConstantTensor> constants, int index, string what)
    {
        if (node.Proto.Input.Count <= index || string.IsNullOrEmpty(node.Proto.Input[index]))
        {
            throw node.Refuse($"the {what} input is missing");
        }

        return constants.TryGetValue(node.Proto.Input[index], out ConstantTensor? value)
            ? value
            : throw node.Refuse($"the {what} '{node.Proto.Input[index]}' must be a constant (an initializer or a Constant node)");
    }

    private static ConstantTensor? OptionalConstant(OnnxNode node, Dictionary<string, ConstantTensor> constants, int index, string what) =>
        node.Proto.Input.Count > index && !string.IsNullOrEmpty(node.Proto.Input[index]) ? Constant(node, constants, index, what) : null;

    private static ConstantTensor ConstantValue(OnnxNode node)
    {
        AttributeProto? attribute = node.Proto.Attribute.FirstOrDefault();
        return attribute?.Name switch
        {
            "value" => OnnxTensors.Read(attribute.T, $"node '{node.Name}'"),
            "value_float" => new ConstantTensor([], [attribute.F]),
            "value_floats" => new ConstantTensor([attribute.Floats.Count], [.. attribute.Floats]),
            "value_int" => new ConstantTensor([], [attribute.I]) { Longs = [attribute.I] },
            "value_ints" => new ConstantTensor([attribute.Ints.Count], [.. attribute.Ints.Select(i => (float)i)]) { Longs = [.. attribute.Ints] },
            _ => throw node.Refuse($"a Constant with attribute '{attribute?.Name}' is not supported"),
        };
    }

    private static void Alias(OnnxNode node, ChainBuilder chain, Dictionary<string, ConstantTensor> constants)
    {
        string input = node.Proto.Input.Count == 1 ? node.Proto.Input[0] : throw node.Refuse("Identity takes one input");
        if (constants.TryGetValue(input, out ConstantTensor? value))
        {
            constants[Output(node)] = value;
        }
        else if (chain.Tracks(input))
        {
            chain.SetPolynomial(Output(node), chain.Polynomial(input));
        }
        else
        {
            throw node.Refuse($"input '{input}' is neither the model's running value nor a constant");
        }
    }

    private static void Activation(OnnxNode node, ChainBuilder chain, Layer layer)
    {
        TakeInput(node, chain);
        if (node.OpType == "Relu" || node.OpType == "Tanh" || node.OpType == "Sigmoid")
        {
            node.OnlyAttributes();
        }

        chain.Add(layer, node);
        chain.Rename(Output(node));
    }

    private static string OutputFunction(OnnxNode node, ChainBuilder chain)
    {
        TakeInput(node, chain);
        node.OnlyAttributes("axis");
        if (chain.Shape.Length != 1)
        {
            throw node.Refuse("a Softmax is supported at the end of a model on [N, classes] only");
        }

        // Before opset 13 the default axis 1 flattens [N, classes] to itself; from 13 the default −1 is the same axis.
        long axis = node.Int("axis", node.Opset < 13 ? 1 : -1);
        if (axis is not (1 or -1))
        {
            throw node.Refuse($"axis {axis} is not the class axis");
        }

        chain.Rename(Output(node));
        return node.OpType == "Softmax" ? "softmax" : "logsoftmax";
    }
}

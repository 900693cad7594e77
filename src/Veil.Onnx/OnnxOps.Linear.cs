using Veil.Nn.Layers;

namespace Veil.Onnx;

/// <summary>Conv, Gemm, MatMul and BatchNormalization.</summary>
internal static partial class OnnxOps
{
    private static void Conv(OnnxNode node, ChainBuilder chain, Dictionary<string, ConstantTensor> constants)
    {
        TakeInput(node, chain);
        node.OnlyAttributes("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        if (!chain.IsImage)
        {
            throw node.Refuse("a Conv needs an [N, C, H, W] input");
        }

        ConstantTensor weight = Constant(node, constants, 1, "weight");
        ConstantTensor? bias = OptionalConstant(node, constants, 2, "bias");
        if (weight.Dims.Length != 4 || weight.Dims[2] != weight.Dims[3])
        {
            throw node.Refuse($"weight of shape {OnnxNode.Format(weight.Dims)}: Veil convolutions are 2-D with square kernels");
        }

        int outChannels = (int)weight.Dims[0], inChannels = (int)weight.Dims[1], kernel = (int)weight.Dims[2];
        if (node.Int("group", 1) != 1)
        {
            throw node.Refuse($"group {node.Int("group", 1)}: only group 1 is supported");
        }

        if (inChannels != chain.Channels)
        {
            throw node.Refuse($"the weight takes {inChannels} channels, the input has {chain.Channels}");
        }

        if (node.Ints("kernel_shape") is { } shape && !shape.SequenceEqual([kernel, kernel]))
        {
            throw node.Refuse($"kernel_shape {OnnxNode.Format(shape)} disagrees with the weight");
        }

        if (node.Ints("dilations") is { } dilations && dilations.Any(d => d != 1))
        {
            throw node.Refuse($"dilations {OnnxNode.Format(dilations)}: only 1 is supported");
        }

        int stride = SquareStride(node);
        int padding = SymmetricPadding(node, kernel, stride, chain.Shape[1]);
        var conv = new Conv2d(inChannels, outChannels, kernel, stride, padding);
        weight.Values.CopyTo(conv.Weight.Span);
        CopyBias(node, bias, conv.Bias!.Span);
        chain.Add(conv, node);
        chain.Rename(Output(node));
    }

    private static void Gemm(OnnxNode node, ChainBuilder chain, Dictionary<string, ConstantTensor> constants)
    {
        TakeInput(node, chain);
        node.OnlyAttributes("alpha", "beta", "transA", "transB", "broadcast");
        if (node.Int("transA", 0) != 0)
        {
            throw node.Refuse("transA = 1 transposes the batch: not supported");
        }

        RequireFlat(node, chain);
        ConstantTensor b = Constant(node, constants, 1, "weight");
        bool transB = node.Int("transB", 0) != 0;
        float alpha = node.Float("alpha", 1), beta = node.Float("beta", 1);
        Linear linear = LinearFrom(node, b, transB, chain.Shape[0]);
        if (alpha != 1)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(linear.Weight.Span, alpha, linear.Weight.Span);
        }

        if (OptionalConstant(node, constants, 2, "bias") is { } c)
        {
            CopyBias(node, c, linear.Bias!.Span);
            System.Numerics.Tensors.TensorPrimitives.Multiply(linear.Bias!.Span, beta, linear.Bias!.Span);
        }

        chain.Add(linear, node);
        chain.Rename(Output(node));
    }

    private static void MatMul(OnnxNode node, ChainBuilder chain, Dictionary<string, ConstantTensor> constants)
    {
        TakeInput(node, chain);
        node.OnlyAttributes();
        RequireFlat(node, chain);
        chain.Add(LinearFrom(node, Constant(node, constants, 1, "weight"), transposed: false, chain.Shape[0]), node);
        chain.Rename(Output(node));
    }

    private static void BatchNormalization(OnnxNode node, ChainBuilder chain, Dictionary<string, ConstantTensor> constants)
    {
        TakeInput(node, chain);
        node.OnlyAttributes("epsilon", "momentum", "spatial", "training_mode", "is_test");
        if (node.Int("training_mode", 0) != 0 || node.Int("spatial", 1) != 1 || node.Proto.Output.Count > 1)
        {
            throw node.Refuse("only inference-mode, spatial batch normalization with one output is supported");
        }

        int width = chain.Width;
        float[] scale = Constant(node, constants, 1, "scale").Values, shift = Constant(node, constants, 2, "bias").Values;
        float[] mean = Constant(node, constants, 3, "mean").Values, variance = Constant(node, constants, 4, "variance").Values;
        if (new[] { scale, shift, mean, variance }.Any(v => v.Length != width))
        {
            throw node.Refuse($"its parameters are not of the {width} channels of its input");
        }

        double epsilon = node.Float("epsilon", 1e-5f);
        double[] a = [.. scale.Select((g, c) => g / Math.Sqrt(variance[c] + epsilon))];
        double[] s = [.. shift.Select((beta, c) => beta - (mean[c] * a[c]))];
        if (!chain.TryFoldAffine(a, s))
        {
            throw node.Refuse("a BatchNormalization must follow a Conv or Gemm (or start the model) to be folded into it");
        }

        chain.Rename(Output(node));
    }

    private static Linear LinearFrom(OnnxNode node, ConstantTensor b, bool transposed, int inFeatures)
    {
        if (b.Dims.Length != 2)
        {
            throw node.Refuse($"the weight of shape {OnnxNode.Format(b.Dims)} is not a matrix");
        }

        int rows = (int)b.Dims[0], columns = (int)b.Dims[1];
        int inputs = transposed ? columns : rows, outputs = transposed ? rows : columns;
        if (inputs != inFeatures)
        {
            throw node.Refuse($"the weight takes {inputs} features, the input has {inFeatures}");
        }

        var linear = new Linear(inputs, outputs);
        Span<float> w = linear.Weight.Span; // [out, in]
        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < inputs; i++)
            {
                w[(o * inputs) + i] = transposed ? b.Values[(o * columns) + i] : b.Values[(i * columns) + o];
            }
        }

        return linear;
    }

    private static void CopyBias(OnnxNode node, ConstantTensor? bias, Span<float> destination)
    {
        if (bias is null)
        {
            return;
        }

        if (bias.Values.Length == destination.Length)
        {
            bias.Values.CopyTo(destination);
        }
        else if (bias.IsScalar)
        {
            destination.Fill(bias.Values[0]);
        }
        else
        {
            throw node.Refuse($"a bias of {bias.Values.Length} values for {destination.Length} outputs");
        }
    }

    private static void RequireFlat(OnnxNode node, ChainBuilder chain)
    {
        if (chain.IsImage)
        {
            throw node.Refuse($"its input is [N, {string.Join(", ", chain.Shape)}]; flatten it first");
        }
    }
}

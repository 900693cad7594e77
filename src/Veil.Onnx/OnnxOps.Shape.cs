using Veil.Nn.Layers;

namespace Veil.Onnx;

/// <summary>Pooling, flattening, reshapes and transposes.</summary>
internal static partial class OnnxOps
{
    private static void Pool(OnnxNode node, ChainBuilder chain)
    {
        TakeInput(node, chain);
        node.OnlyAttributes("auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides", "storage_order");
        if (!chain.IsImage)
        {
            throw node.Refuse("pooling needs an [N, C, H, W] input");
        }

        long[] kernelShape = node.Ints("kernel_shape") ?? throw node.Refuse("kernel_shape is missing");
        if (kernelShape.Length != 2 || kernelShape[0] != kernelShape[1])
        {
            throw node.Refuse($"kernel_shape {OnnxNode.Format(kernelShape)}: Veil pools square windows");
        }

        if (node.Ints("dilations") is { } dilations && dilations.Any(d => d != 1))
        {
            throw node.Refuse($"dilations {OnnxNode.Format(dilations)}: only 1 is supported");
        }

        if (node.Int("storage_order", 0) != 0 || node.Proto.Output.Count > 1)
        {
            throw node.Refuse("the indices output of MaxPool is not supported");
        }

        int kernel = (int)kernelShape[0];
        int stride = SquareStride(node);
        if (SymmetricPadding(node, kernel, stride, chain.Shape[1]) != 0)
        {
            throw node.Refuse("padded pooling is not supported");
        }

        int size = chain.Shape[1];
        if (node.Int("ceil_mode", 0) != 0 && (size - kernel) % stride != 0)
        {
            throw node.Refuse("ceil_mode = 1 with windows that overhang the input is not supported");
        }

        chain.Add(node.OpType == "MaxPool" ? new MaxPool2d(kernel, stride) : new AvgPool2d(kernel, stride), node);
        chain.Rename(Output(node));
    }

    private static void GlobalAveragePool(OnnxNode node, ChainBuilder chain)
    {
        TakeInput(node, chain);
        node.OnlyAttributes();
        if (!chain.IsImage || chain.Shape[1] != chain.Shape[2])
        {
            throw node.Refuse("GlobalAveragePool is supported on square [N, C, H, H] inputs");
        }

        chain.Add(new AvgPool2d(chain.Shape[1]), node);
        chain.Rename(Output(node));
    }

    private static void Flatten(OnnxNode node, ChainBuilder chain)
    {
        TakeInput(node, chain);
        node.OnlyAttributes("axis");
        if (node.Int("axis", 1) != 1)
        {
            throw node.Refuse($"axis {node.Int("axis", 1)}: only axis 1 (keep the batch) is supported");
        }

        Flatten(node, chain, Output(node));
    }

    private static void Flatten(OnnxNode node, ChainBuilder chain, string output)
    {
        if (chain.IsImage)
        {
            chain.Add(new Flatten(), node);
        }

        chain.Rename(output);
    }

    private static void Reshape(OnnxNode node, ChainBuilder chain, Dictionary<string, ConstantTensor> constants)
    {
        TakeInput(node, chain);
        node.OnlyAttributes("shape", "allowzero");
        long[] target = node.Opset < 5 && node.Ints("shape") is { } attribute ? attribute : Constant(node, constants, 1, "shape").Longs;
        int elements = chain.Shape.Aggregate(1, (a, d) => a * d);
        if (target.Length == 2 && target[0] is 0 or -1 or 1 && (target[1] == elements || target[1] == -1) && node.Int("allowzero", 0) == 0)
        {
            Flatten(node, chain, Output(node));
            return;
        }

        throw node.Refuse($"reshape to {OnnxNode.Format(target)}: only flattening to [N, {elements}] is supported");
    }

    private static void Transpose(OnnxNode node, ChainBuilder chain)
    {
        TakeInput(node, chain);
        node.OnlyAttributes("perm");
        int[] dims = [1, .. chain.Shape];
        long[] perm = node.Ints("perm") ?? [.. Enumerable.Range(0, dims.Length).Reverse().Select(i => (long)i)];
        if (perm.Length != dims.Length || perm[0] != 0)
        {
            throw node.Refuse($"perm {OnnxNode.Format(perm)} moves the batch axis or does not fit the rank {dims.Length}");
        }

        // Only a permutation that keeps every axis longer than 1 in order leaves the memory layout as it is.
        long[] moving = [.. perm.Where(axis => dims[axis] > 1)];
        if (!moving.SequenceEqual(moving.Order()))
        {
            throw node.Refuse($"perm {OnnxNode.Format(perm)} reorders the data; Veil's layout is NCHW");
        }

        chain.Reshape([.. perm.Skip(1).Select(axis => dims[axis])]);
        chain.Rename(Output(node));
    }

    private static int SquareStride(OnnxNode node)
    {
        long[] strides = node.Ints("strides") ?? [1, 1];
        if (strides.Length != 2 || strides[0] != strides[1] || strides[0] < 1)
        {
            throw node.Refuse($"strides {OnnxNode.Format(strides)}: only equal strides are supported");
        }

        return (int)strides[0];
    }

    /// <summary>The padding on every side, from pads or auto_pad; refused when not the same on all four sides.</summary>
    private static int SymmetricPadding(OnnxNode node, int kernel, int stride, int size)
    {
        string autoPad = node.String("auto_pad", "NOTSET");
        if (autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            int output = (size + stride - 1) / stride;
            int total = Math.Max(0, ((output - 1) * stride) + kernel - size);
            return total % 2 == 0 ? total / 2 : throw node.Refuse($"auto_pad {autoPad} pads unevenly here; export with explicit symmetric pads");
        }

        if (autoPad == "VALID")
        {
            return 0;
        }

        long[] pads = node.Ints("pads") ?? [0, 0, 0, 0];
        if (pads.Length != 4 || pads.Distinct().Count() != 1 || pads[0] < 0)
        {
            throw node.Refuse($"pads {OnnxNode.Format(pads)}: only the same padding on all sides is supported");
        }

        return (int)pads[0];
    }
}

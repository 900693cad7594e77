namespace Veil.Onnx;

/// <summary>Add, Sub, Mul, Div and Pow: scalar constants build a polynomial in the running value; per-channel
/// constants fold into the neighbouring Conv or Gemm.</summary>
internal static partial class OnnxOps
{
    private static void Elementwise(OnnxNode node, ChainBuilder chain, Dictionary<string, ConstantTensor> constants)
    {
        node.OnlyAttributes("axis", "broadcast");
        if (node.Proto.Input.Count != 2)
        {
            throw node.Refuse("it must have two inputs");
        }

        string left = node.Proto.Input[0], right = node.Proto.Input[1];
        constants.TryGetValue(left, out ConstantTensor? leftConstant);
        constants.TryGetValue(right, out ConstantTensor? rightConstant);
        if (leftConstant is null && !chain.Tracks(left) || rightConstant is null && !chain.Tracks(right))
        {
            throw node.Refuse("an input is neither the model's running value nor a constant: Veil imports chains of layers");
        }

        if (leftConstant is not null && rightConstant is not null)
        {
            throw node.Refuse("both inputs are constants; fold them before exporting");
        }

        ConstantTensor? constant = leftConstant ?? rightConstant;
        bool constantFirst = leftConstant is not null;
        if (constant is null || constant.IsScalar)
        {
            double[] first = leftConstant is not null ? ScalarPolynomial.Constant(leftConstant.Values[0]) : chain.Polynomial(left);
            double[] second = rightConstant is not null ? ScalarPolynomial.Constant(rightConstant.Values[0]) : chain.Polynomial(right);
            chain.SetPolynomial(Output(node), Combine(node, first, second, rightConstant));
            return;
        }

        PerChannel(node, chain, constant, constantFirst ? right : left, constantFirst);
    }

    /// <summary>first (op) second, as polynomials.</summary>
    private static double[] Combine(OnnxNode node, double[] first, double[] second, ConstantTensor? constant)
    {
        switch (node.OpType)
        {
            case "Add":
                return ScalarPolynomial.Add(first, second);
            case "Sub":
                return ScalarPolynomial.Add(first, ScalarPolynomial.Scale(second, -1));
            case "Mul":
                return ScalarPolynomial.Multiply(first, second) ?? throw node.Refuse($"the polynomial exceeds degree {ScalarPolynomial.MaxDegree}");
            case "Div" when second.Length == 1 && second[0] != 0:
                return ScalarPolynomial.Scale(first, 1 / second[0]);
            case "Pow" when constant is not null && second.Length == 1 && second[0] is >= 1 and <= ScalarPolynomial.MaxDegree && second[0] == Math.Floor(second[0]):
                double[] power = first;
                for (int k = 1; k < (int)second[0]; k++)
                {
                    power = ScalarPolynomial.Multiply(power, first) ?? throw node.Refuse($"the polynomial exceeds degree {ScalarPolynomial.MaxDegree}");
                }

                return power;
            default:
                throw node.Refuse(node.OpType == "Pow" ? "only a constant integer exponent 1 to 8 is supported" : "only division by a nonzero constant is supported");
        }
    }

    /// <summary>x (op) c with c per channel (or per feature): folded as an affine step.</summary>
    private static void PerChannel(OnnxNode node, ChainBuilder chain, ConstantTensor constant, string value, bool constantFirst)
    {
        chain.Materialize(value, node);
        int width = chain.Width;
        bool channelShaped = constant.Values.Length == width && constant.Dims.Reverse().SkipWhile(d => d == 1).Count() <= (chain.IsImage ? 3 : 1)
            && (chain.IsImage ? ChannelAxisOnly(constant.Dims) : true);
        if (!channelShaped)
        {
            throw node.Refuse($"a constant of shape {OnnxNode.Format(constant.Dims)} is neither a scalar nor one value per channel of [{string.Join(", ", chain.Shape)}]");
        }

        double[] c = [.. constant.Values.Select(v => (double)v)];
        double[] scale = new double[width], shift = new double[width];
        for (int k = 0; k < width; k++)
        {
            (scale[k], shift[k]) = node.OpType switch
            {
                "Add" => (1.0, c[k]),
                "Sub" => constantFirst ? (-1.0, c[k]) : (1.0, -c[k]),
                "Mul" => (c[k], 0.0),
                "Div" when !constantFirst && c[k] != 0 => (1 / c[k], 0.0),
                _ => throw node.Refuse($"{node.OpType} with a per-channel constant is not supported"),
            };
        }

        if (!chain.TryFoldAffine(scale, shift))
        {
            throw node.Refuse("a per-channel step must follow a Conv or Gemm (or start the model) to be folded into it");
        }

        chain.Rename(Output(node));
    }

    /// <summary>[C, 1, 1] or [1, C, 1, 1]: varying along the channel axis only.</summary>
    private static bool ChannelAxisOnly(long[] dims) => dims.Length switch
    {
        1 => false,
        3 => dims[1] == 1 && dims[2] == 1,
        4 => dims[0] == 1 && dims[2] == 1 && dims[3] == 1,
        _ => false,
    };
}

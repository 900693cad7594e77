using Veil.Nn.Layers;
using static Veil.Onnx.Tests.TestGraph;

namespace Veil.Onnx.Tests;

/// <summary>Each supported operator, in graphs built here, run by ONNX Runtime and by Veil after import.</summary>
public class OperatorOracleTests
{
    public static TheoryData<int> Opsets => new() { 9, 11, 13, 17, 21 };

    [Theory]
    [MemberData(nameof(Opsets))]
    public void Conv_with_stride_padding_and_bias(int opset)
    {
        var g = new TestGraph([2, 9, 9]);
        g.Op("Conv", [g.Current, g.Constant([4, 2, 3, 3]), g.Constant([4])], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1));
        g.Then("Flatten", Int("axis", 1));
        OnnxImportResult imported = Oracle.AssertAgrees(g.Build(opset), [2, 9, 9]);
        Assert.IsType<Conv2d>(imported.Model.Layers[0]);
    }

    [Theory]
    [MemberData(nameof(Opsets))]
    public void Conv_with_same_padding_and_no_bias(int opset)
    {
        var g = new TestGraph([1, 8, 8]);
        g.Op("Conv", [g.Current, g.Constant([3, 1, 3, 3])], Text("auto_pad", "SAME_UPPER"));
        Oracle.AssertAgrees(g.Build(opset), [1, 8, 8]);
    }

    [Theory]
    [MemberData(nameof(Opsets))]
    public void Gemm_with_transposes_alpha_and_beta(int opset)
    {
        var g = new TestGraph([6]);
        g.Op("Gemm", [g.Current, g.Constant([5, 6]), g.Constant([5])], Int("transB", 1), Float("alpha", 0.5f), Float("beta", 2f));
        g.Op("Gemm", [g.Current, g.Constant([5, 3]), g.Constant([3])]);
        Oracle.AssertAgrees(g.Build(opset), [6]);
    }

    [Theory]
    [MemberData(nameof(Opsets))]
    public void MatMul_then_Add_is_one_linear_layer(int opset)
    {
        var g = new TestGraph([7]);
        g.With("MatMul", g.Constant([7, 4])).With("Add", g.Constant([4]));
        OnnxImportResult imported = Oracle.AssertAgrees(g.Build(opset), [7]);
        Assert.Single(imported.Model.Layers);
    }

    [Theory]
    [MemberData(nameof(Opsets))]
    public void Activations(int opset)
    {
        foreach (string op in new[] { "Relu", "Tanh", "Sigmoid" })
        {
            var g = new TestGraph([8]);
            g.With("MatMul", g.Constant([8, 8])).Then(op);
            Oracle.AssertAgrees(g.Build(opset), [8]);
        }
    }

    [Theory]
    [MemberData(nameof(Opsets))]
    public void Pooling_max_average_and_global(int opset)
    {
        var g = new TestGraph([3, 12, 12]);
        g.Then("MaxPool", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        g.Then("AveragePool", Ints("kernel_shape", 3, 3), Ints("strides", 1, 1));
        g.Then("GlobalAveragePool");
        g.Then("Flatten");
        Oracle.AssertAgrees(g.Build(opset), [3, 12, 12]);
    }

    [Theory]
    [MemberData(nameof(Opsets))]
    public void Batch_normalization_folds_into_the_convolution(int opset)
    {
        var g = new TestGraph([2, 6, 6]);
        g.Op("Conv", [g.Current, g.Constant([3, 2, 3, 3]), g.Constant([3])], Ints("kernel_shape", 3, 3));
        float[] variance = [0.5f, 1.5f, 2f];
        g.Op("BatchNormalization", [g.Current, g.Constant([3]), g.Constant([3]), g.Constant([3]), g.Constant([3], variance)], Float("epsilon", 1e-3f));
        g.Then("Relu").Then("Flatten");
        OnnxImportResult imported = Oracle.AssertAgrees(g.Build(opset), [2, 6, 6]);
        Assert.Equal(3, imported.Model.Layers.Count); // conv (with the normalization folded in), relu, flatten
    }

    [Theory]
    [MemberData(nameof(Opsets))]
    public void Per_channel_and_scalar_constants_fold_into_neighbours(int opset)
    {
        // Input normalization (x − mean) / std before a convolution without padding, a per-channel scale after it.
        var g = new TestGraph([2, 5, 5]);
        g.With("Sub", g.Constant([1, 2, 1, 1], [0.1f, -0.2f])).With("Div", g.Constant([1, 2, 1, 1], [0.5f, 2f]));
        g.Op("Conv", [g.Current, g.Constant([2, 2, 3, 3]), g.Constant([2])], Ints("kernel_shape", 3, 3));
        g.With("Mul", g.Constant([2, 1, 1], [3f, -1f])).With("Add", g.Constant([], [0.25f]));
        g.Then("Flatten");
        OnnxImportResult imported = Oracle.AssertAgrees(g.Build(opset), [2, 5, 5]);
        Assert.Equal(2, imported.Model.Layers.Count);
    }

    [Theory]
    [MemberData(nameof(Opsets))]
    public void Element_wise_polynomials_become_square_and_polynomial_layers(int opset)
    {
        var g = new TestGraph([4]);
        g.With("MatMul", g.Constant([4, 4]));
        string x = g.Current;
        g.Op("Mul", [x, x]); // x²
        g.With("MatMul", g.Constant([4, 3]));
        string y = g.Current;
        g.With("Mul", g.Constant([], [0.125f])).With("Add", g.Constant([], [0.5f])).Op("Mul", [g.Current, y]).With("Add", g.Constant([], [0.25f]));
        g.With("Pow", g.Constant([], [2f]));
        OnnxImportResult imported = Oracle.AssertAgrees(g.Build(opset), [4]);
        Assert.Contains(imported.Model.Layers, l => l is Square);
        Assert.Contains(imported.Model.Layers, l => l is Polynomial);
    }

    [Theory]
    [MemberData(nameof(Opsets))]
    public void Shape_nodes_reshape_transpose_identity_and_constant(int opset)
    {
        var g = new TestGraph([3, 4, 4]);
        g.Then("Identity");
        g.Then("Transpose", Ints("perm", 0, 1, 2, 3));
        g.With("Reshape", g.Int64Constant(0, -1));
        string x = g.Current;
        g.Op("Constant", [], new Proto.AttributeProto { Name = "value", Type = Proto.AttributeProto.Types.AttributeType.Tensor, T = OnnxTensors.Float("two", [], [2f]) });
        g.Op("Mul", [x, g.Current]);
        g.Op("MatMul", [g.Current, g.Constant([48, 5])]);
        Oracle.AssertAgrees(g.Build(opset), [3, 4, 4]);
    }

    [Theory]
    [MemberData(nameof(Opsets))]
    public void Softmax_and_log_softmax_at_the_end(int opset)
    {
        foreach (string op in new[] { "Softmax", "LogSoftmax" })
        {
            var g = new TestGraph([6]);
            g.With("MatMul", g.Constant([6, 10])).Then(op);
            OnnxImportResult imported = Oracle.AssertAgrees(g.Build(opset), [6]);
            Assert.Equal(op.ToLowerInvariant(), imported.OutputFunction);
        }
    }
}

using static Veil.Onnx.Tests.TestGraph;

namespace Veil.Onnx.Tests;

public class ImportErrorTests
{
    private static OnnxImportException Refused(byte[] model) =>
        Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(new MemoryStream(model), "bad.onnx"));

    [Fact]
    public void An_unsupported_operator_is_named_with_its_node_and_opset()
    {
        var g = new TestGraph([4]);
        g.With("MatMul", g.Constant([4, 4])).Then("Elu");
        OnnxImportException error = Refused(g.Build(13));
        Assert.Contains("(Elu, opset 13)", error.Message);
        Assert.Contains("not supported", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("group")]
    [InlineData("dilations")]
    [InlineData("pads")]
    public void Unsupported_convolution_attributes_are_refused(string attribute)
    {
        var g = new TestGraph([2, 8, 8]);
        var value = attribute switch
        {
            "group" => Int("group", 2),
            "dilations" => Ints("dilations", 2, 2),
            _ => Ints("pads", 0, 1, 0, 1),
        };
        g.Op("Conv", [g.Current, g.Constant([2, attribute == "group" ? 1 : 2, 3, 3])], Ints("kernel_shape", 3, 3), value);
        Assert.Contains(attribute == "group" ? "group 2" : attribute, Refused(g.Build(13)).Message);
    }

    [Fact]
    public void A_branching_graph_is_refused()
    {
        var g = new TestGraph([4]);
        string x = g.Current;
        g.With("MatMul", g.Constant([4, 4])).Then("Relu");
        g.Op("Add", [g.Current, "elsewhere"]);
        Assert.Contains("neither the model's running value nor a constant", Refused(g.Build(13)).Message);
        _ = x;
    }

    [Fact]
    public void Truncated_and_garbage_files_are_refused()
    {
        var g = new TestGraph([4]);
        g.With("MatMul", g.Constant([4, 4]));
        byte[] model = g.Build(13);
        Refused(model[..(model.Length / 2)]);
        Refused([1, 2, 3, 4, 5, 255, 255, 255]);
        Assert.Contains("opset 7", Refused(new TestGraph([4]).With("MatMul", "k").Build(7)).Message);
    }

    [Fact]
    public void A_dynamic_dimension_other_than_the_batch_is_refused()
    {
        var g = new TestGraph([4]);
        g.With("MatMul", g.Constant([4, 4]));
        var model = Proto.ModelProto.Parser.ParseFrom(g.Build(13));
        model.Graph.Input[0].Type.TensorType.Shape.Dim[1] = new Proto.TensorShapeProto.Types.Dimension { DimParam = "features" };
        using var stream = new MemoryStream();
        Google.Protobuf.MessageExtensions.WriteTo(model, stream);
        Assert.Contains("dynamic dimension", Refused(stream.ToArray()).Message);
    }

    [Fact]
    public void A_softmax_must_end_the_graph()
    {
        var g = new TestGraph([4]);
        g.With("MatMul", g.Constant([4, 4])).Then("Softmax").Then("Relu");
        Assert.Contains("last node", Refused(g.Build(13)).Message);
    }
}

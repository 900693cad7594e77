using Veil.Samples.OnnxImport;

namespace Veil.Onnx.Tests;

public class SampleTests
{
    [Fact]
    public void The_onnx_import_sample_runs_in_the_clear_under_mpc_and_under_ckks()
    {
        var output = new StringWriter();
        SampleResult result = OnnxImportSample.Run(output, AppContext.BaseDirectory, images: 32);
        Assert.True(result.MpcMatchesPlain, output.ToString());
        Assert.True(result.HeMatchesPlain, output.ToString());
        Assert.InRange(result.PlainAccuracy, 0.8, 1.0);
        Assert.InRange(result.HeAccuracy, 0.8, 1.0);
        Assert.Contains("for CKKS, layer 1 (ReLU)", output.ToString(), StringComparison.Ordinal);
    }
}

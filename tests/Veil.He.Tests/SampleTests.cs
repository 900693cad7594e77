using Veil.Samples.CkksBasics;

namespace Veil.He.Tests;

public class SampleTests
{
    [Fact]
    public void TheCkksBasicsSampleRunsAndItsResultsMatchTheClear()
    {
        var output = new StringWriter();
        SampleResult result = CkksBasicsSample.Run(output);
        Assert.True(result.DotProductError < 1e-4, output.ToString());
        Assert.True(result.PolynomialError < 1e-5, output.ToString());
        Assert.Contains("dot product of 1000 values", output.ToString(), StringComparison.Ordinal);
    }
}

using Veil.Compare.Report;

namespace Veil.Compare.Tests;

public class FiguresTests
{
    [Theory]
    [InlineData(1234.4, "1,234")]
    [InlineData(999.4, "999")]
    [InlineData(999.6, "1,000")]
    [InlineData(9.996, "10.0")]
    [InlineData(0.012345, "0.0123")]
    [InlineData(1, "1.00")]
    [InlineData(0, "0")]
    [InlineData(-0.5, "\u22120.500")]
    [InlineData(double.NaN, "—")]
    public void SignificantKeepsThreeDigits(double value, string expected) => Assert.Equal(expected, Figures.Significant(value));

    [Fact]
    public void FormatsEachKindOfFigure()
    {
        Assert.Equal("1,234×", Figures.Times(1234.4));
        Assert.Equal("35.2 KB", Figures.Bytes(35_200));
        Assert.Equal("18.9 MB", Figures.Bytes(18.94e6));
        Assert.Equal("512 B", Figures.Bytes(512));
        Assert.Equal("97.99%", Figures.Percent(0.9799));
        Assert.Equal("\u22120.12 pt", Figures.Points(-0.12));
        Assert.Equal("+0.30 pt", Figures.Points(0.3));
        Assert.Equal("0.00 pt", Figures.Points(-0.001));
        Assert.Equal("850 µs", Figures.Seconds(850e-6));
        Assert.Equal("12.3 ms", Figures.Seconds(0.01234));
        Assert.Equal("2.05 s", Figures.Seconds(2.049));
        Assert.Equal("1,234 img/s", Figures.Throughput(1234));
        Assert.Equal("1×10⁻⁵", Figures.Scientific(1e-5));
        Assert.Equal("2.50×10⁻⁶", Figures.Scientific(2.5e-6));
        Assert.Equal("—", Figures.Times(null));
        Assert.Equal("30", Figures.Count(30));
        Assert.Equal("12.5", Figures.Count(12.5));
        Assert.Equal("10 KB", Figures.DecadeBytes(4));
        Assert.Equal("1 MB", Figures.DecadeBytes(6));
        Assert.Equal("100 B", Figures.DecadeBytes(2));
    }

    [Theory]
    [InlineData(0, "1×")]
    [InlineData(3, "1,000×")]
    [InlineData(4, "10⁴×")]
    [InlineData(12, "10¹²×")]
    public void NamesDecades(int exponent, string expected) => Assert.Equal(expected, Figures.DecadeTimes(exponent));
}

using Veil.Compare.Results;

namespace Veil.Compare.Tests;

public class ResultsJsonTests
{
    internal static ComparisonResults Sample() => new(
        "veil compare --limit 10",
        new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero),
        new MachineInfo("Test CPU", 2, 24L << 30, "Linux", "10.0.0", "0.1.0", "abc1234", 0.5),
        10,
        [
            new ComparisonRow("cnn-he", "plain", RowStatus.Ok, null, "cnn-he", 10, 1.0, 1.0, 0, 1e-4, 1e5, 4096, 1, 1, null, null, null, 0, null, null, string.Empty),
            new ComparisonRow("cnn-he", "he", RowStatus.Ok, null, "cnn-he", 10, 0.9, 1.0, -10, 0.3, 400, 4096, 3000, 250, 35e3, 260e3, null, 1.5, null, null, "batch packing"),
            ComparisonRow.Failed("lenet", "he", "lenet", "ReLU is not a polynomial"),
        ]);

    [Fact]
    public void RoundTripsEveryField()
    {
        ComparisonResults original = Sample();
        ComparisonResults read = ResultsJson.Deserialize(ResultsJson.Serialize(original));
        Assert.Equal(original.Command, read.Command);
        Assert.Equal(original.Date, read.Date);
        Assert.Equal(original.Machine, read.Machine);
        Assert.Equal(original.Limit, read.Limit);
        Assert.Equal(original.Rows, read.Rows);
        Assert.Equal(ComparisonResults.CurrentFormatVersion, read.FormatVersion);
    }

    [Fact]
    public void WritesSnakeCaseNamesAndLowerCaseStatus()
    {
        string json = ResultsJson.Serialize(Sample());
        Assert.Contains("\"throughput_images_per_second\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"failed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"format_version\": 1", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("{\"command\": \"x\"")]
    [InlineData("{\"command\": \"x\", \"rows\": []}")]
    [InlineData("{\"format_version\": 99, \"command\": \"x\"}")]
    public void RefusesWhatIsNotResults(string json)
    {
        var error = Assert.Throws<VeilFormatException>(() => ResultsJson.Deserialize(json, "saved.json"));
        Assert.StartsWith("saved.json: ", error.Message, StringComparison.Ordinal);
    }
}

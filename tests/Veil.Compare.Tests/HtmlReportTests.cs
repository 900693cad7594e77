using System.Text.RegularExpressions;
using Veil.Compare.Report;
using Veil.Compare.Results;

namespace Veil.Compare.Tests;

public class HtmlReportTests
{
    /// <summary>The rows each chart must plot, decided here from the rows' meaning, independently of the renderer.</summary>
    internal static readonly Dictionary<string, Func<ComparisonRow, bool>> ChartRows = new()
    {
        ["chart-latency"] = r => r.Status == RowStatus.Ok && r.Accuracy is not null && (r.LatencySlowdown is not null || r.Backend == "plain"),
        ["chart-throughput"] = r => r.Status == RowStatus.Ok && r.Accuracy is not null && (r.ThroughputSlowdown is not null || r.Backend == "plain"),
        ["chart-bytes"] = r => r.Status == RowStatus.Ok && r.BytesPerImage > 0,
    };

    [Fact]
    public void EveryRowAppearsInTheTable()
    {
        ComparisonResults results = TestResults.Full();
        string table = Section(HtmlReport.Render(results), "<table id=\"results\">", "</table>");
        var rows = Regex.Matches(table, "<tr data-row=\"(\\d+)\"[^>]*>(.*?)</tr>");
        Assert.Equal(results.Rows.Count, rows.Count);
        for (int i = 0; i < results.Rows.Count; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i].Groups[1].Value);
            Assert.Contains($">{results.Rows[i].Model}<", rows[i].Groups[2].Value, StringComparison.Ordinal);
            Assert.Contains($">{results.Rows[i].Backend}<", rows[i].Groups[2].Value, StringComparison.Ordinal);
        }

        Assert.Contains("class=\"failed\"", table, StringComparison.Ordinal);
        Assert.Contains("ReLU is not a polynomial", table, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowsTheCommandMachineAndFormattedFigures()
    {
        string html = HtmlReport.Render(TestResults.Full());
        Assert.Contains("<code>veil compare --limit 100 --out run/</code>", html, StringComparison.Ordinal);
        Assert.Contains("Test CPU (made up)", html, StringComparison.Ordinal);
        Assert.Contains("abc1234", html, StringComparison.Ordinal);
        Assert.Contains("24 GiB", html, StringComparison.Ordinal);
        Assert.Contains("98.80%", html, StringComparison.Ordinal);       // lenet / mpc accuracy
        Assert.Contains("\u22120.20 pt", html, StringComparison.Ordinal);  // its loss, with a true minus
        Assert.Contains("24,000×", html, StringComparison.Ordinal);      // cnn-he / he latency slowdown
        Assert.Contains("35.0 KB", html, StringComparison.Ordinal);
        Assert.Contains("3.00 / 1×10⁻⁵", html, StringComparison.Ordinal);  // ε / δ of the dp row
        Assert.Contains(HtmlReport.RerenderCommand, html, StringComparison.Ordinal);
    }

    [Fact]
    public void EscapesEveryStringFromTheResults()
    {
        const string Evil = "<script>alert(\"x\")</script>";
        var results = new ComparisonResults(
            "veil compare --models '<b>' && echo \"hi\"",
            DateTimeOffset.UnixEpoch,
            TestResults.Machine with { Cpu = "<img src=x>", Os = "Linux & <i>", Commit = "\"><svg>" },
            10,
            [
                TestResults.Ok(Evil, "plain", 0.9, 1e-4, 1e4, 10, note: "<u>note</u>"),
                TestResults.Ok(Evil, "mpc&co", 0.9, 1e-2, 1e2, 10, plainLatency: 1e-4, plainThroughput: 1e4, bytes: 1e5),
                ComparisonRow.Failed("<em>m</em>", "he", "x", "failed: <script>bad()</script> & \"quoted\""),
            ]);
        string html = HtmlReport.Render(results);
        foreach (string tag in new[] { "<script", "<b>", "<img", "<i>", "<u>", "<em>", "\"><svg>" })
        {
            Assert.DoesNotContain(tag, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("mpc&amp;co", html, StringComparison.Ordinal);
        Assert.Contains("&amp;&amp; echo &quot;hi&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("mpc&co", html, StringComparison.Ordinal);
    }

    [Fact]
    public void EachChartHoldsOneMarkPerRowItPlots()
    {
        ComparisonResults results = TestResults.Full();
        string html = HtmlReport.Render(results);
        foreach (var (chart, plots) in ChartRows)
        {
            int[] expected = results.Rows.Select((row, index) => (row, index)).Where(p => plots(p.row)).Select(p => p.index).ToArray();
            Assert.Equal(expected, MarkRows(html, chart));
        }

        // The table's rows are not marks, nor the legends' markers.
        Assert.Equal(ChartRows.Values.Sum(plots => results.Rows.Count(plots)), Regex.Count(html, "class=\"mark\""));
    }

    [Fact]
    public void LeavesOutTheThroughputChartWhenNoSecureRowHasOne()
    {
        string html = HtmlReport.Render(TestResults.Of(
            TestResults.Ok("mlp", "plain", 0.98, 2e-5, 5e5, 128),
            TestResults.Ok("mlp", "mpc", 0.98, 4e-3, 2e3, 128, plainLatency: 2e-5) with { ThroughputSlowdown = null }));
        Assert.DoesNotContain("id=\"chart-throughput\"", html, StringComparison.Ordinal);
        Assert.Equal([0, 1], MarkRows(html, "chart-latency"));
    }

    [Fact]
    public void OnlyFailedRowsStillRender()
    {
        ComparisonResults results = TestResults.Of(
            ComparisonRow.Failed("lenet", "he", "lenet", "ReLU is not a polynomial"),
            ComparisonRow.Failed("mlp", "mpc", "mlp", "party 2 exited with code 1"));
        string html = HtmlReport.Render(results);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
        Assert.Contains("party 2 exited with code 1", html, StringComparison.Ordinal);
        Assert.Equal(0, Regex.Count(html, "class=\"mark\""));
        Assert.Contains("No measured rows to plot.", html, StringComparison.Ordinal);
        Assert.Equal(8, Regex.Count(html, "not measured in this run"));  // five claims and three goals
    }

    [Fact]
    public void NonFiniteFiguresReadAsAbsentAndAreNotPlotted()
    {
        // results.json may hold NaN and Infinity (named literals are allowed); the page shows "—" for them.
        string html = HtmlReport.Render(TestResults.Of(
            TestResults.Ok("mlp", "plain", 0.98, 2e-5, 5e5, 128),
            TestResults.Ok("mlp", "mpc", double.NaN, 4e-3, 2e3, 128, plainLatency: 2e-5, bytes: double.PositiveInfinity),
            TestResults.Ok("lenet", "mpc", 0.97, 4e-3, 2e3, 128, plainLatency: 0, plainThroughput: 5e5, bytes: 1e6)));
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", html, StringComparison.Ordinal);
        Assert.Equal([0], MarkRows(html, "chart-latency"));       // lenet / mpc has an infinite latency slowdown
        Assert.Equal([0, 2], MarkRows(html, "chart-throughput"));
        Assert.Equal([2], MarkRows(html, "chart-bytes"));
    }

    [Fact]
    public void TheGoalsAreJudgedFromTheRows()
    {
        string goals = Section(HtmlReport.Render(TestResults.Full()), "<table class=\"claims goals\">", "</table>");
        var status = Regex.Matches(goals, "<td class=\"([a-z-]+)\">([a-z ]+)</td></tr>").Select(m => m.Groups[2].Value).ToArray();
        Assert.Equal(["not met", "met", "met"], status);  // mpc 300× latency; he 500× batched; largest loss 0.2 points
        Assert.Contains("largest latency slowdown 300× (lenet)", goals, StringComparison.Ordinal);

        string claims = Section(HtmlReport.Render(TestResults.Of([.. TestResults.Full().Rows.Where(r => r.Backend != "he")])),
            "<table class=\"claims\">", "</table>");
        Assert.Matches("TenSEAL&#39;s tutorial</td><td class=\"absent\">not measured in this run<", claims);
        Assert.Contains("mlp / mpc: 5.00 ms per image (8.60× faster), 1.50 MB per image (1.40× less)", claims, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyRunStillRenders()
    {
        string html = HtmlReport.Render(TestResults.Of());
        Assert.Contains("No rows: the run measured nothing.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void FetchesNothing()
    {
        string html = HtmlReport.Render(TestResults.Full());
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)\\s*=", html);
        Assert.DoesNotMatch("url\\(|@import|<link|<script", html);
    }

    [Fact]
    public void NamesTheXAxisDecadesUpToTheStudysClaim()
    {
        string chart = Section(HtmlReport.Render(TestResults.Full()), "id=\"chart-latency\"", "</figure>");
        string[] ticks = Regex.Matches(chart, "class=\"tick\"[^>]*>([^<]*×)<").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["1×", "10×", "100×", "1,000×", "10⁴×", "10⁵×"], ticks);
        Assert.Contains("class=\"study-line\"", chart, StringComparison.Ordinal);
    }

    /// <summary>The data-row indices of the marks inside the figure <paramref name="chart"/>, in document order.</summary>
    internal static int[] MarkRows(string html, string chart)
    {
        string figure = Section(html, $"<figure class=\"chart\" id=\"{chart}\">", "</figure>");
        return Regex.Matches(figure, "class=\"mark\" data-row=\"(\\d+)\"")
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static string Section(string html, string start, string end)
    {
        int from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' is missing");
        int to = html.IndexOf(end, from, StringComparison.Ordinal);
        return html[from..(to + end.Length)];
    }
}

using OpenQA.Selenium;
using Veil.Compare.Report;
using Veil.Compare.Results;
using Xunit.Abstractions;

namespace Veil.Compare.Tests;

/// <summary>
/// Opens the rendered report in headless Chromium (Debian's package) and checks what a reader would see: no console
/// errors, the table, one mark per plotted row in each chart, nothing fetched, a print layout; a full-page screenshot and
/// the printed PDF are kept in
/// <c>VEIL_TEST_ARTIFACTS</c> (default: artifacts/ under the test's output). Without the browser the test passes with a
/// message, unless <c>VEIL_REQUIRE_BROWSER=1</c> (as in CI), where it fails.
/// </summary>
public sealed class ReportInBrowserTests(ITestOutputHelper output)
{
    private const int Width = 1366, Height = 900;

    [Fact]
    public void TheReportLoadsInChromiumWithOneMarkPerPlottedRow()
    {
        if (!HeadlessChromium.Installed)
        {
            string why = $"{HeadlessChromium.Browser} or {HeadlessChromium.DriverDirectory}/{HeadlessChromium.DriverName} is missing " +
                "(apt-get install chromium chromium-driver; .ci/setup does)";
            Assert.False(Environment.GetEnvironmentVariable("VEIL_REQUIRE_BROWSER") == "1", "VEIL_REQUIRE_BROWSER=1 but " + why);
            output.WriteLine("Browser test not run: " + why);
            return;
        }

        ComparisonResults full = TestResults.Full();
        ComparisonResults results = full with
        {
            Rows = [.. full.Rows, ComparisonRow.Failed("<script>alert(1)</script>", "mpc", "x", "a model named like a <script> tag")],
        };
        string artifacts = Environment.GetEnvironmentVariable("VEIL_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        string page = Path.GetFullPath(Path.Combine(artifacts, "compare-report.html"));
        HtmlReport.WriteFile(results, page);

        using var chromium = new HeadlessChromium(Width, Height);
        IWebDriver driver = chromium.Driver;
        driver.Navigate().GoToUrl(new Uri(page).AbsoluteUri);

        Assert.Empty(chromium.ConsoleErrors());
        Assert.StartsWith("Veil comparison", driver.Title, StringComparison.Ordinal);
        Assert.Equal("Veil: the founding study's comparison, measured", driver.FindElement(By.CssSelector("h1")).Text);
        Assert.Equal(results.Rows.Count, driver.FindElements(By.CssSelector("#results tbody tr")).Count);
        Assert.Equal(2, driver.FindElements(By.CssSelector("#results tbody tr.failed")).Count);
        Assert.Empty(driver.FindElements(By.TagName("script")));
        Assert.Contains("<script>alert(1)</script>", driver.FindElement(By.CssSelector("#results")).Text, StringComparison.Ordinal);

        foreach (var (chart, plots) in HtmlReportTests.ChartRows)
        {
            int[] expected = results.Rows.Select((row, index) => (row, index)).Where(p => plots(p.row)).Select(p => p.index).ToArray();
            var marks = driver.FindElements(By.CssSelector($"#{chart} .mark"));
            Assert.Equal(expected, marks.Select(m => int.Parse(m.GetAttribute("data-row")!, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.All(marks, m => Assert.True(m.Displayed, $"a mark in {chart} is not displayed"));
        }

        // The audit section: one summary row per audited model, one ROC chart each with a visible curve per attack.
        Assert.Equal(results.Audits!.Count, driver.FindElements(By.CssSelector("#audit table.audit-summary tbody tr")).Count);
        var curves = driver.FindElements(By.CssSelector("#audit figure.roc svg polyline.roc-curve"));
        Assert.Equal(results.Audits.Sum(a => a.Attacks.Count), curves.Count);
        Assert.All(curves, c => Assert.True(c.Displayed && c.Size.Width > 50 && c.Size.Height > 20, "a ROC curve is not drawn"));

        var resources = (System.Collections.IEnumerable)((IJavaScriptExecutor)driver)
            .ExecuteScript("return performance.getEntriesByType('resource').map(e => e.name);")!;
        Assert.Empty(resources.Cast<object>());

        string screenshot = Path.Combine(artifacts, "compare-report.png");
        chromium.SaveFullPageScreenshot(screenshot, Width);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is nearly empty");
        output.WriteLine($"Screenshot: {screenshot}");

        CheckPrintLayout(chromium, Path.Combine(artifacts, "compare-report.pdf"));
        CheckConsoleErrorsAreSeen(chromium, artifacts);
    }

    /// <summary>In print: no page background, rows and charts kept whole, charts within the page; the PDF is kept.</summary>
    private void CheckPrintLayout(HeadlessChromium chromium, string pdf)
    {
        chromium.Driver.ExecuteCdpCommand("Emulation.setEmulatedMedia", new Dictionary<string, object?> { ["media"] = "print" });
        var js = (IJavaScriptExecutor)chromium.Driver;
        Assert.Equal("rgba(0, 0, 0, 0)", js.ExecuteScript("return getComputedStyle(document.body).backgroundColor;"));
        Assert.Equal("avoid", js.ExecuteScript("return getComputedStyle(document.querySelector('#results tbody tr')).breakInside;"));
        Assert.Equal("avoid", js.ExecuteScript("return getComputedStyle(document.querySelector('figure.chart')).breakInside;"));
        Assert.Equal(true, js.ExecuteScript(
            "const main = document.querySelector('main').getBoundingClientRect().width;" +
            "return [...document.querySelectorAll('figure.chart svg')].every(s => s.getBoundingClientRect().width <= main + 0.5);"));
        chromium.Driver.ExecuteCdpCommand("Emulation.setEmulatedMedia", new Dictionary<string, object?> { ["media"] = "" });

        chromium.Driver.Print(new PrintOptions()).SaveAsFile(pdf);
        Assert.StartsWith("%PDF", File.ReadAllText(pdf)[..8], StringComparison.Ordinal);
        output.WriteLine($"Printed: {pdf}");
    }

    /// <summary>The console check can fail: a page that logs an error is seen.</summary>
    private static void CheckConsoleErrorsAreSeen(HeadlessChromium chromium, string artifacts)
    {
        string faulty = Path.Combine(artifacts, "console-error-check.html");
        File.WriteAllText(faulty, "<!DOCTYPE html><title>x</title><script>console.error('deliberate error')</script>");
        chromium.Driver.Navigate().GoToUrl(new Uri(faulty).AbsoluteUri);
        Assert.Contains(chromium.ConsoleErrors(), m => m.Contains("deliberate error", StringComparison.Ordinal));
        File.Delete(faulty);
    }
}

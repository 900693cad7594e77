using System.Text.RegularExpressions;
using Veil.Compare.Report;
using Veil.Compare.Results;

namespace Veil.Compare.Tests;

public class AuditReportTests
{
    [Fact]
    public void AuditsRoundTripThroughResultsJson()
    {
        ComparisonResults original = ResultsJsonTests.Sample() with { Audits = TestResults.Audits() };
        ComparisonResults read = ResultsJson.Deserialize(ResultsJson.Serialize(original));
        Assert.NotNull(read.Audits);
        Assert.Equal(2, read.Audits.Count);
        for (int m = 0; m < 2; m++)
        {
            Assert.Equal(original.Audits![m].Model, read.Audits[m].Model);
            Assert.Equal(original.Audits[m].Setup, read.Audits[m].Setup);
            Assert.Equal(original.Audits[m].Attacks.Count, read.Audits[m].Attacks.Count);
            for (int a = 0; a < read.Audits[m].Attacks.Count; a++)
            {
                Assert.Equal(original.Audits[m].Attacks[a] with { Roc = [] }, read.Audits[m].Attacks[a] with { Roc = [] });
                Assert.Equal(original.Audits[m].Attacks[a].Roc.SelectMany(p => p), read.Audits[m].Attacks[a].Roc.SelectMany(p => p));
            }
        }

        Assert.Contains("\"tpr_at_tenth_percent_fpr\"", ResultsJson.Serialize(original), StringComparison.Ordinal);
    }

    [Fact]
    public void ResultsWrittenBeforeAuditsStillLoad()
    {
        string json = string.Join('\n', ResultsJson.Serialize(ResultsJsonTests.Sample()).Split('\n').Where(line => !line.Contains("\"audits\"", StringComparison.Ordinal)));
        Assert.DoesNotContain("audits", json, StringComparison.Ordinal);
        ComparisonResults read = ResultsJson.Deserialize(json);
        Assert.Null(read.Audits);
        Assert.DoesNotContain("id=\"audit\"", HtmlReport.Render(read), StringComparison.Ordinal);
    }

    [Fact]
    public void TheReportShowsTheSummaryTablesAndOneRocCurvePerAttack()
    {
        string html = HtmlReport.Render(TestResults.Full());
        Assert.Contains("<section id=\"audit\">", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<figure class=\"chart roc\""));
        Assert.Equal(4, Regex.Count(html, "class=\"roc-curve\""));
        Assert.Contains("<td>lenet-dp3</td><td class=\"num\">0.510 [0.490, 0.530]</td><td class=\"num\">0.20%", html, StringComparison.Ordinal);

        // Points at FPR or TPR 0 cannot sit on log axes and are left out: (0, 0) goes, 5 of the 6 remain.
        Match first = Regex.Match(html, "class=\"roc-curve\" data-attack=\"lira-online\"[^>]*points=\"([^\"]*)\"");
        Assert.True(first.Success);
        Assert.Equal(5, first.Groups[1].Value.Split(' ').Length);
    }

    [Fact]
    public void AuditModelNamesAreEscaped()
    {
        ComparisonResults results = TestResults.Of() with
        {
            Audits = [new ModelAudit("<b>x</b>", "<i>setup</i>", [])],
        };
        string html = HtmlReport.Render(results);
        Assert.DoesNotContain("<b>x</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>setup</i>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
    }
}

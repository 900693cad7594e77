using System.Globalization;
using System.Text;
using Veil.Compare.Results;

namespace Veil.Compare.Report;

/// <summary>
/// Renders a comparison's results as one self-contained HTML5 page: inline CSS and SVG, no script, and a content
/// security policy that forbids fetching anything. It shows the machine and the command that reproduces the run, the
/// table of every row, accuracy against slowdown on a log axis, bytes per image, and the founding study's claims beside
/// Veil's figures. Every string from the results is HTML-escaped.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class HtmlReport
{
    /// <summary>The command that renders a saved run again, as the footer gives it.</summary>
    public const string RerenderCommand = "veil report --from results.json --out report.html";

    /// <summary>The page for <paramref name="results"/>.</summary>
    /// <param name="results">The run's results (may hold no rows, or only failed ones).</param>
    /// <returns>The HTML document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="results"/>, or its command, machine or rows, is null.</exception>
    public static string Render(ComparisonResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(results.Command);
        ArgumentNullException.ThrowIfNull(results.Machine);
        ArgumentNullException.ThrowIfNull(results.Rows);
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Veil comparison, ").Append(Html.Encode(DateText(results.Date))).Append("</title>")
            .Append("<style>").Append(ReportStyles.Css).Append("</style></head>\n<body><main>");
        Header(html, results);

        html.Append("<section id=\"table\"><h2>Every model under every backend</h2>");
        ResultsTable.Render(html, results.Rows);
        html.Append("<p class=\"aside\">Δ is in percentage points against the baseline model in the clear on the same images. ")
            .Append("Slowdowns are ratios to the baseline's plain row measured in the same run: latency against latency, throughput against throughput. ")
            .Append("Bytes are decimal (1 KB = 1,000 B).</p></section>\n");

        html.Append("<section id=\"charts\"><h2>Accuracy and cost</h2>");
        SlowdownChart.Render(html, results.Rows, SlowdownKind.Latency);
        if (SlowdownChart.HasSecureRows(results.Rows, SlowdownKind.Throughput))
        {
            SlowdownChart.Render(html, results.Rows, SlowdownKind.Throughput);
        }

        BytesChart.Render(html, results.Rows);
        html.Append("</section>\n");
        StudyClaims.Render(html, results.Rows);
        AuditSection.Render(html, results.Audits);

        html.Append("\n<footer><p>Render this page again from the saved results with <code>").Append(Html.Encode(RerenderCommand))
            .Append("</code>. Run the comparison again with the command at the top.</p></footer></main></body></html>\n");
        return html.ToString();
    }

    /// <summary>Renders <paramref name="results"/> to <paramref name="path"/>, replacing the file and creating its
    /// directory when missing.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its directory may not be written.</exception>
    public static void WriteFile(ComparisonResults results, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string html = Render(results);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, html);
    }

    private static void Header(StringBuilder html, ComparisonResults results)
    {
        MachineInfo machine = results.Machine;
        int failed = results.Rows.Count(r => r.Status == RowStatus.Failed);
        html.Append("<header><h1>Veil: the founding study's comparison, measured</h1><p class=\"subtitle\">")
            .Append(Html.Encode(DateText(results.Date))).Append(" · ")
            .Append(results.Rows.Count).Append(results.Rows.Count == 1 ? " row" : " rows")
            .Append(failed > 0 ? $" ({failed} failed)" : string.Empty)
            .Append(" · the first ").Append(results.Limit.ToString("#,0", CultureInfo.InvariantCulture)).Append(" MNIST test images</p>");
        html.Append("<h2>Reproduce</h2><pre class=\"command\"><code>").Append(Html.Encode(results.Command)).Append("</code></pre>");
        html.Append("<h2>Machine</h2><dl class=\"machine\">");
        Term(html, "CPU", machine.Cpu);
        Term(html, "Cores", machine.Cores.ToString(CultureInfo.InvariantCulture));
        Term(html, "Memory", $"{machine.MemoryBytes / (double)(1L << 30):0.#} GiB");
        Term(html, "OS", machine.Os);
        Term(html, ".NET", machine.DotNet);
        Term(html, "Veil", $"{machine.VeilVersion} (commit {machine.Commit})");
        Term(html, "Load average", machine.LoadAverage is { } load
            ? $"{load.ToString("0.##", CultureInfo.InvariantCulture)} (one minute, at the start; other work on the machine inflates timings)"
            : "not reported by this OS");
        html.Append("</dl></header>\n");
    }

    private static void Term(StringBuilder html, string name, string value) =>
        html.Append("<dt>").Append(name).Append("</dt><dd>").Append(Html.Encode(value)).Append("</dd>");

    private static string DateText(DateTimeOffset date) =>
        date.ToString("yyyy-MM-dd HH:mm 'UTC'zzz", CultureInfo.InvariantCulture).Replace("UTC+00:00", "UTC", StringComparison.Ordinal);
}

using System.Text;
using Veil.Compare.Results;

namespace Veil.Compare.Report;

/// <summary>The report's table: every row, measured or failed, with its figures right-aligned; a failed row shows its
/// error across the figures' columns.</summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class ResultsTable
{
    private static readonly string[] Headings =
    [
        "Model", "Backend", "Images", "Accuracy", "Δ vs baseline", "Latency", "Throughput (batch)", "Slowdown,<br>latency",
        "Slowdown,<br>throughput", "Bytes / image", "Rounds", "ε / δ", "Note",
    ];

    /// <summary>Writes the table as <c>&lt;table id="results"&gt;</c>.</summary>
    public static void Render(StringBuilder html, IReadOnlyList<ComparisonRow> rows)
    {
        html.Append("<div class=\"scroll\"><table id=\"results\"><thead><tr>");
        for (int i = 0; i < Headings.Length; i++)
        {
            html.Append(i is >= 2 and <= 11 ? "<th class=\"num\">" : "<th>").Append(Headings[i]).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        if (rows.Count == 0)
        {
            html.Append("<tr><td colspan=\"").Append(Headings.Length).Append("\">No rows: the run measured nothing.</td></tr>");
        }

        for (int i = 0; i < rows.Count; i++)
        {
            ComparisonRow row = rows[i];
            bool failed = row.Status == RowStatus.Failed;
            html.Append("<tr data-row=\"").Append(i).Append(failed ? "\" class=\"failed\">" : "\">");
            Cell(html, row.Model, "model");
            Cell(html, row.Backend, "backend");
            if (failed)
            {
                html.Append("<td colspan=\"").Append(Headings.Length - 2).Append("\" class=\"error\"><strong>Failed:</strong> ")
                    .Append(Html.Encode(row.Error ?? "no reason given")).Append("</td></tr>");
                continue;
            }

            Number(html, row.Images.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture));
            Number(html, Figures.Percent(row.Accuracy));
            Number(html, Figures.Points(row.AccuracyDeltaPoints) +
                (row.Baseline != row.Model ? $" (vs {row.Baseline})" : string.Empty));
            Number(html, Figures.Seconds(row.LatencySeconds));
            Number(html, Figures.Throughput(row.ThroughputImagesPerSecond) +
                (row.ThroughputBatch is { } batch ? $" ({batch:#,0})" : string.Empty));
            Number(html, Figures.Times(row.LatencySlowdown));
            Number(html, Figures.Times(row.ThroughputSlowdown));
            Number(html, Figures.Bytes(row.BytesPerImage));
            Number(html, Figures.Count(row.Rounds));
            Number(html, row.Epsilon is null && row.Delta is null
                ? Figures.Absent
                : $"{Figures.Number(row.Epsilon)} / {Figures.Scientific(row.Delta)}");
            Cell(html, row.Note, "note");
            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static void Cell(StringBuilder html, string text, string cssClass) =>
        html.Append("<td class=\"").Append(cssClass).Append("\">").Append(Html.Encode(text)).Append("</td>");

    private static void Number(StringBuilder html, string text) => Cell(html, text, "num");
}

using System.Text;
using Veil.Compare.Results;

namespace Veil.Compare.Report;

/// <summary>
/// The bar chart of bytes sent per image: one horizontal bar per row that sent any (HE and MPC rows), on a log axis,
/// labelled with the model, backend and value. Each bar is an element with class <c>mark</c>, <c>data-row</c> and a
/// tooltip.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class BytesChart
{
    private const double Width = 760, LabelWidth = 180, ValueWidth = 80, Top = 12, RowHeight = 26, AxisHeight = 46;

    /// <summary>Whether <paramref name="row"/> has a bar: measured, with a finite positive number of bytes per image.</summary>
    public static bool Plots(ComparisonRow row) => row.Status == RowStatus.Ok && row.BytesPerImage is > 0 and < double.PositiveInfinity;

    /// <summary>Writes the chart as a <c>&lt;figure id="chart-bytes"&gt;</c>.</summary>
    public static void Render(StringBuilder html, IReadOnlyList<ComparisonRow> rows)
    {
        var bars = rows.Select((row, index) => (Row: row, Index: index)).Where(b => Plots(b.Row)).ToList();
        html.Append("<figure class=\"chart\" id=\"chart-bytes\"><figcaption>Bytes sent per image, batched ")
            .Append("(all parties for MPC, both ways for HE; log scale)</figcaption>");
        if (bars.Count == 0)
        {
            html.Append("<p class=\"empty\">No row sent bytes over a network.</p></figure>");
            return;
        }

        double lowest = bars.Min(b => b.Row.BytesPerImage!.Value);
        double height = Top + (bars.Count * RowHeight) + AxisHeight, bottom = Top + (bars.Count * RowHeight);
        // Start a little more than a decade below the smallest value, so even the shortest bar is visible.
        var x = new LogScale(bars.Select(b => b.Row.BytesPerImage!.Value), LabelWidth, Width - ValueWidth,
            minExponent: (int)Math.Floor(Math.Log10(lowest) - 0.3));
        Svg.Open(html, Width, height, "Bytes sent per image");
        foreach (int decade in x.Decades)
        {
            double px = x.DecadePosition(decade);
            Svg.Line(html, px, Top, px, bottom, "grid");
            Svg.Text(html, px, bottom + 18, Figures.DecadeBytes(decade), "middle", "tick");
        }

        Svg.Line(html, LabelWidth, bottom, Width - ValueWidth, bottom, "axis");
        Svg.Text(html, (LabelWidth + Width - ValueWidth) / 2, height - 8, "Bytes per image (decimal units, log scale)", "middle", "axis-title");
        for (int i = 0; i < bars.Count; i++)
        {
            var (row, index) = bars[i];
            double y = Top + (i * RowHeight), end = x.Position(row.BytesPerImage!.Value);
            Svg.Text(html, LabelWidth - 8, y + 17, $"{row.Model} / {row.Backend}", "end");
            html.Append("<rect class=\"mark\" data-row=\"").Append(index).Append("\" x=\"").Append(Svg.N(LabelWidth))
                .Append("\" y=\"").Append(Svg.N(y + 5)).Append("\" width=\"").Append(Svg.N(Math.Max(1, end - LabelWidth)))
                .Append("\" height=\"").Append(Svg.N(RowHeight - 10)).Append("\" fill=\"").Append(BackendStyle.For(row.Backend).Colour).Append("\">");
            Svg.Title(html, $"{row.Model} / {row.Backend}: {Figures.Bytes(row.BytesPerImage)} per image" +
                (row.LatencyBytes is { } alone ? $", {Figures.Bytes(alone)} for one image on its own" : string.Empty));
            html.Append("</rect>");
            Svg.Text(html, end + 6, y + 17, Figures.Bytes(row.BytesPerImage), "start", "value");
        }

        html.Append("</svg></figure>");
    }
}

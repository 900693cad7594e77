using System.Globalization;
using System.Text;
using Veil.Compare.Results;

namespace Veil.Compare.Report;

/// <summary>Which slowdown a <see cref="SlowdownChart"/> puts on its x axis.</summary>
internal enum SlowdownKind
{
    /// <summary>One image on its own: <see cref="ComparisonRow.LatencySlowdown"/>.</summary>
    Latency,

    /// <summary>Batched: <see cref="ComparisonRow.ThroughputSlowdown"/>.</summary>
    Throughput,
}

/// <summary>
/// The scatter chart of accuracy (y, %) against slowdown (x, log10 with decade ticks): one mark per measured row
/// (plain rows at 1×), shaped and coloured by backend, labelled by model, with the founding study's "at least 1000×
/// slower" region shaded. Each mark is an element with class <c>mark</c>, <c>data-row</c> (the row's index in the
/// results) and a tooltip.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class SlowdownChart
{
    /// <summary>The study's claim: secure inference at least this many times slower than plaintext.</summary>
    public const double StudySlowdown = 1000;

    private const double Width = 760, Height = 430, Left = 64, Right = 24, Top = 40, Bottom = 58, MarkSize = 11;

    // The decades sit this far inside the plot, so marks at 1× clear the y axis.
    private const double Inset = 16;

    /// <summary>The x value of <paramref name="row"/> in a chart of <paramref name="kind"/>, or null when the row is not
    /// plotted (failed, no finite accuracy, or no finite positive slowdown of that kind; a plain row without one sits at 1×).</summary>
    public static double? X(ComparisonRow row, SlowdownKind kind)
    {
        if (row.Status != RowStatus.Ok || row.Accuracy is not { } accuracy || !double.IsFinite(accuracy))
        {
            return null;
        }

        double? slowdown = kind == SlowdownKind.Latency ? row.LatencySlowdown : row.ThroughputSlowdown;
        return slowdown is > 0 and < double.PositiveInfinity ? slowdown : row.Backend == "plain" && slowdown is null ? 1 : null;
    }

    /// <summary>Whether any row other than a plain one has a slowdown of <paramref name="kind"/>: a chart without one
    /// has nothing to compare.</summary>
    public static bool HasSecureRows(IReadOnlyList<ComparisonRow> rows, SlowdownKind kind) =>
        rows.Any(r => r.Backend != "plain" && X(r, kind) is not null);

    /// <summary>Writes the chart as a <c>&lt;figure id="chart-{kind}"&gt;</c>.</summary>
    public static void Render(StringBuilder html, IReadOnlyList<ComparisonRow> rows, SlowdownKind kind)
    {
        string name = kind == SlowdownKind.Latency ? "latency" : "throughput";
        var points = rows.Select((row, index) => (Row: row, Index: index, X: X(row, kind)))
            .Where(p => p.X is not null).Select(p => (p.Row, p.Index, X: p.X!.Value, Y: p.Row.Accuracy!.Value * 100)).ToList();

        html.Append("<figure class=\"chart\" id=\"chart-").Append(name).Append("\">");
        html.Append("<figcaption>Accuracy against ").Append(name).Append(" slowdown (")
            .Append(kind == SlowdownKind.Latency ? "one image on its own" : "images in batches")
            .Append("; log scale, plain = 1×)</figcaption>");
        if (points.Count == 0)
        {
            html.Append("<p class=\"empty\">No measured rows to plot.</p></figure>");
            return;
        }

        var x = new LogScale(points.Select(p => p.X), Left + Inset, Width - Right - Inset, minExponent: 0, include: StudySlowdown * 10);
        var y = AccuracyScale.Of(points.Select(p => p.Y), Height - Bottom, Top);
        Svg.Open(html, Width, Height, $"Accuracy against {name} slowdown");
        Axes(html, x, y, name);
        StudyRegion(html, x);
        Svg.Legend(html, points.Select(p => p.Row.Backend).Distinct(StringComparer.Ordinal), Left, 20);

        var labels = new LabelPlacer(Left, Top, Width - Right, Height - Bottom);
        foreach (var p in points)
        {
            labels.ReserveMark(x.Position(p.X), y.Position(p.Y), MarkSize);
        }

        foreach (var p in points)
        {
            double px = x.Position(p.X), py = y.Position(p.Y);
            html.Append("<g class=\"mark\" data-row=\"").Append(p.Index).Append("\">");
            Svg.Title(html, $"{p.Row.Model} / {p.Row.Backend}: accuracy {Figures.Percent(p.Row.Accuracy)}, " +
                $"{name} slowdown {Figures.Times(p.X)}, " +
                (kind == SlowdownKind.Latency ? $"latency {Figures.Seconds(p.Row.LatencySeconds)}" : $"throughput {Figures.Throughput(p.Row.ThroughputImagesPerSecond)}"));
            Svg.Marker(html, BackendStyle.For(p.Row.Backend), px, py, MarkSize);
            html.Append("</g>");
            var at = labels.Place(p.Row.Model, px, py);
            Svg.Text(html, at.X, at.Y, p.Row.Model, at.Anchor);
        }

        html.Append("</svg></figure>");
    }

    private static void Axes(StringBuilder html, LogScale x, AccuracyScale y, string name)
    {
        double bottom = Height - Bottom;
        foreach (int decade in x.Decades)
        {
            double px = x.DecadePosition(decade);
            Svg.Line(html, px, Top, px, bottom, "grid");
            Svg.Text(html, px, bottom + 18, Figures.DecadeTimes(decade), "middle", "tick");
        }

        foreach (double tick in y.Ticks)
        {
            double py = y.Position(tick);
            Svg.Line(html, Left, py, Width - Right, py, "grid");
            Svg.Text(html, Left - 6, py + 4, tick.ToString("0.#", CultureInfo.InvariantCulture) + "%", "end", "tick");
        }

        Svg.Line(html, Left, bottom, Width - Right, bottom, "axis");
        Svg.Line(html, Left, Top, Left, bottom, "axis");
        Svg.Text(html, (Left + Width - Right) / 2, Height - 12, $"{char.ToUpperInvariant(name[0])}{name[1..]} slowdown against plain (×, log scale)", "middle", "axis-title");
        html.Append("<text class=\"axis-title\" transform=\"translate(16,").Append(Svg.N((Top + bottom) / 2))
            .Append(") rotate(-90)\" text-anchor=\"middle\">Accuracy (%)</text>");
    }

    private static void StudyRegion(StringBuilder html, LogScale x)
    {
        double from = x.Position(StudySlowdown), to = Width - Right, bottom = Height - Bottom;
        html.Append("<rect class=\"study\" x=\"").Append(Svg.N(from)).Append("\" y=\"").Append(Svg.N(Top))
            .Append("\" width=\"").Append(Svg.N(to - from)).Append("\" height=\"").Append(Svg.N(bottom - Top)).Append("\"/>");
        Svg.Line(html, from, Top, from, bottom, "study-line");
        Svg.Text(html, from + 6, Top + 14, "the study: ≥ 1,000× slower", "start", "study-label");
    }
}

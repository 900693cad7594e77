using System.Globalization;
using Spectre.Console;
using Veil.Compare.Comparison;
using Veil.Compare.Results;

namespace Veil.Cli.Commands.Compare;

/// <summary>The terminal table of a comparison, and the footnote of the pairs that do not apply.</summary>
internal static class CompareTable
{
    public static void Write(CliContext context, ComparisonResults results, IReadOnlyList<SkippedPair> skipped)
    {
        var table = new Table().Title($"Veil on MNIST: the first {results.Limit:N0} test images");
        table.AddColumns("Model", "Backend");
        foreach (string column in (string[])["Images", "Accuracy (Δ points)", "Latency (× plain)", "Images/s (× plain)", "Bytes/image", "Rounds", "ε / δ"])
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        bool audited = results.Audits is { Count: > 0 };
        if (audited)
        {
            table.AddColumn(new TableColumn("Privacy: LiRA AUC / TPR @ 0.1% FPR").RightAligned());
        }

        table.AddColumn("Note");
        foreach (ComparisonRow row in results.Rows)
        {
            string[] cells = row.Status == RowStatus.Failed
                ? [row.Model, row.Backend, "-", "-", "-", "-", "-", "-", "-", "failed: " + row.Error]
                :
                [
                    row.Model, row.Backend, $"{row.Images:N0}",
                    $"{Percent(row.Accuracy)} ({Signed(row.AccuracyDeltaPoints)})",
                    $"{Seconds(row.LatencySeconds)} ({Ratio(row.LatencySlowdown)})",
                    $"{Number(row.ThroughputImagesPerSecond)} ({Ratio(row.ThroughputSlowdown)})",
                    Bytes(row.BytesPerImage),
                    row.Rounds is double rounds ? rounds.ToString("N0", CultureInfo.InvariantCulture) : "-",
                    row.Epsilon is double e ? $"{e:G3} / {row.Delta:G2}" : "-", row.Note,
                ];
            if (audited)
            {
                cells = [.. cells[..^1], Privacy(results, row.Model), cells[^1]];
            }

            table.AddRow([.. cells.Select(Markup.Escape)]);
        }

        if (!context.Interactive)
        {
            // Redirected output has no width of its own: keep each row on one line rather than wrap it at 80 columns.
            context.Terminal.Profile.Width = Math.Max(context.Terminal.Profile.Width, 200);
        }

        context.Terminal.Write(table);
        context.Out.WriteLine("(× plain): latency over the baseline plain row's, and the baseline's throughput over the row's, measured in this run.");
        foreach (IGrouping<string, SkippedPair> backend in skipped.GroupBy(s => s.Backend))
        {
            context.Out.WriteLine($"Not applicable ({backend.Key}): " + string.Join("; ", backend.Select(s => $"{s.Model}: {s.Reason}")));
        }

        context.Out.WriteLine($"Machine: {results.Machine.Cpu}, {results.Machine.Cores} cores, load {results.Machine.LoadAverage?.ToString("F2", CultureInfo.InvariantCulture) ?? "n/a"}; veil {results.Machine.VeilVersion}, commit {results.Machine.Commit}");
    }

    // The model's LiRA (online) figures from the audit, on each of its rows.
    private static string Privacy(ComparisonResults results, string model) =>
        results.Audits?.FirstOrDefault(a => a.Model == model)?.Headline is { } h
            ? string.Create(CultureInfo.InvariantCulture, $"{h.Auc:F3} / {h.TprAtTenthPercentFpr:P2}")
            : "-";

    private static string Percent(double? value) => value is double v ? v.ToString("P2", CultureInfo.InvariantCulture) : "-";

    private static string Signed(double? value) => value is double v ? v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "-";

    private static string Number(double? value) => value is double v ? v.ToString(v >= 100 ? "N0" : "G3", CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? value) => value is double v ? v.ToString(v >= 100 ? "N0" : "G3", CultureInfo.InvariantCulture) + "×" : "-";

    private static string Seconds(double? value) => value switch
    {
        null => "-",
        >= 1 => $"{value:F2} s",
        >= 1e-3 => $"{value * 1e3:F2} ms",
        _ => $"{value * 1e6:F1} µs",
    };

    private static string Bytes(double? value) => value switch
    {
        null => "-",
        >= 1 << 20 => $"{value / (1 << 20):F1} MiB",
        >= 1 << 10 => $"{value / (1 << 10):F1} KiB",
        _ => $"{value:F0} B",
    };
}

using System.Globalization;
using System.Text;
using Veil.Compare.Results;

namespace Veil.Compare.Report;

/// <summary>
/// The founding study's claims, and published figures of the libraries it used, beside Veil's figures from this run;
/// then Veil's own goals, each met, not met, or not measured. Everything is computed from the rows; a figure whose row
/// is absent reads "not measured in this run".
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class StudyClaims
{
    /// <summary>What a claim or goal reads when the run has no row for it.</summary>
    public const string NotMeasured = "not measured in this run";

    /// <summary>Goal: MPC latency within this many times plaintext's.</summary>
    public const double MpcLatencyGoal = 100;

    /// <summary>Goal: batched HE throughput within this many times plaintext's.</summary>
    public const double HeThroughputGoal = 1000;

    /// <summary>Goal: no secure backend loses more than this many points of accuracy.</summary>
    public const double AccuracyLossGoal = 0.3;

    /// <summary>Whether <paramref name="row"/> is measured secure inference (HE or MPC).</summary>
    public static bool IsSecure(ComparisonRow row) => row.Status == RowStatus.Ok && row.Backend is "he" or "mpc";

    /// <summary>Writes the section as <c>&lt;section id="claims"&gt;</c>.</summary>
    public static void Render(StringBuilder html, IReadOnlyList<ComparisonRow> rows)
    {
        html.Append("<section id=\"claims\"><h2>The study's claims beside Veil's figures</h2>");
        html.Append("<table class=\"claims\"><thead><tr><th>Claim</th><th>Source</th><th>Veil, measured in this run</th></tr></thead><tbody>");
        Claim(html, "Secure inference is at least 1,000× slower than plaintext", "the founding study", SlowdownRanges(rows));
        Claim(html, "At most 1.2 points of accuracy lost", "the founding study", LargestLoss(rows));
        Claim(html, "CKKS tutorial network (Veil's cnn-he): about 2 s per image", "TenSEAL's tutorial",
            Against(Find(rows, "cnn-he", "he"), 2, null));
        Claim(html, "Network A (Veil's mlp): 0.043 s and 2.1 MB per image", "SecureNN, 3 parties on a LAN",
            Against(Find(rows, "mlp", "mpc"), 0.043, 2.1e6));
        Claim(html, "Network C (Veil's lenet): 0.23 s and 18.94 MB per image", "SecureNN, 3 parties on a LAN",
            Against(Find(rows, "lenet", "mpc"), 0.23, 18.94e6));
        html.Append("</tbody></table>");
        html.Append("<p class=\"aside\">The libraries' figures come from their own papers and machines; Veil's from this run on the machine above.</p>");

        html.Append("<h3>Veil's goals</h3><table class=\"claims goals\"><thead><tr><th>Goal</th><th>Veil, measured in this run</th><th>Status</th></tr></thead><tbody>");
        var mpc = rows.Where(r => r.Status == RowStatus.Ok && r.Backend == "mpc" && Has(r.LatencySlowdown)).ToList();
        Goal(html, $"MPC within {Figures.Times(MpcLatencyGoal)} of plaintext latency", Worst(mpc, r => r.LatencySlowdown!.Value, "latency slowdown"),
            mpc.Count == 0 ? null : mpc.All(r => r.LatencySlowdown <= MpcLatencyGoal));
        var he = rows.Where(r => r.Status == RowStatus.Ok && r.Backend == "he" && Has(r.ThroughputSlowdown) && r.ThroughputBatch > 1).ToList();
        Goal(html, $"HE batched within {Figures.Times(HeThroughputGoal)} of plaintext throughput", Worst(he, r => r.ThroughputSlowdown!.Value, "throughput slowdown"),
            he.Count == 0 ? null : he.All(r => r.ThroughputSlowdown <= HeThroughputGoal));
        var secure = SecureWithDelta(rows);
        Goal(html, $"At most {AccuracyLossGoal.ToString("0.##", CultureInfo.InvariantCulture)} points of accuracy lost by any secure backend (he, mpc)", LargestLoss(rows),
            secure.Count == 0 ? null : secure.All(r => r.AccuracyDeltaPoints >= -AccuracyLossGoal));
        html.Append("</tbody></table></section>");
    }

    private static void Claim(StringBuilder html, string claim, string source, string measured) =>
        html.Append("<tr><td>").Append(Html.Encode(claim)).Append("</td><td>").Append(Html.Encode(source))
            .Append("</td><td").Append(measured == NotMeasured ? " class=\"absent\">" : ">").Append(Html.Encode(measured)).Append("</td></tr>");

    private static void Goal(StringBuilder html, string goal, string measured, bool? met)
    {
        var (text, css) = met switch
        {
            true => ("met", "met"),
            false => ("not met", "not-met"),
            null => ("not measured", "absent"),
        };
        html.Append("<tr><td>").Append(Html.Encode(goal)).Append("</td><td>").Append(Html.Encode(measured))
            .Append("</td><td class=\"").Append(css).Append("\">").Append(text).Append("</td></tr>");
    }

    private static string SlowdownRanges(IReadOnlyList<ComparisonRow> rows)
    {
        var parts = new List<string>();
        foreach (string backend in rows.Where(IsSecure).Select(r => r.Backend).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var mine = rows.Where(r => IsSecure(r) && r.Backend == backend).ToList();
            var batched = mine.Where(r => r.ThroughputBatch > 1).Select(r => r.ThroughputSlowdown).ToList();
            string latency = Range(mine.Select(r => r.LatencySlowdown));
            string throughput = Range(batched);
            var figures = new List<string>();
            if (backend == "he" && throughput != NotMeasured)
            {
                figures.Add($"{throughput} slower in throughput (batched)");
            }

            if (latency != NotMeasured)
            {
                figures.Add($"{latency} {(figures.Count == 0 ? "slower " : string.Empty)}in latency");
            }

            if (backend != "he" && throughput != NotMeasured)
            {
                figures.Add($"{throughput} in throughput");
            }

            if (figures.Count > 0)
            {
                parts.Add($"{backend}: {string.Join(", ", figures)}");
            }
        }

        return parts.Count == 0 ? NotMeasured : string.Join("; ", parts);
    }

    private static string Range(IEnumerable<double?> values)
    {
        double[] present = values.Where(Has).Select(v => v!.Value).ToArray();
        if (present.Length == 0)
        {
            return NotMeasured;
        }

        double min = present.Min(), max = present.Max();
        return Figures.Times(min) == Figures.Times(max) ? Figures.Times(min) : $"{Figures.Times(min)}–{Figures.Times(max)}";
    }

    private static string LargestLoss(IReadOnlyList<ComparisonRow> rows)
    {
        var secure = SecureWithDelta(rows);
        if (secure.Count == 0)
        {
            return NotMeasured;
        }

        ComparisonRow worst = secure.MinBy(r => r.AccuracyDeltaPoints!.Value)!;
        return worst.AccuracyDeltaPoints < 0
            ? $"largest loss {(-worst.AccuracyDeltaPoints!.Value).ToString("F2", CultureInfo.InvariantCulture)} points ({worst.Model} / {worst.Backend}, Δ {Figures.Points(worst.AccuracyDeltaPoints)}, on {worst.Images:#,0} images)"
            : $"no accuracy lost on any secure row (smallest Δ {Figures.Points(worst.AccuracyDeltaPoints)}, {worst.Model} / {worst.Backend})";
    }

    private static string Worst(List<ComparisonRow> rows, Func<ComparisonRow, double> figure, string what)
    {
        if (rows.Count == 0)
        {
            return NotMeasured;
        }

        ComparisonRow worst = rows.MaxBy(figure)!;
        return $"largest {what} {Figures.Times(figure(worst))} ({worst.Model})";
    }

    private static List<ComparisonRow> SecureWithDelta(IReadOnlyList<ComparisonRow> rows) =>
        rows.Where(r => IsSecure(r) && Has(r.AccuracyDeltaPoints)).ToList();

    /// <summary>Whether a figure is there to compare: present and finite.</summary>
    private static bool Has(double? figure) => figure is { } v && double.IsFinite(v);

    private static ComparisonRow? Find(IReadOnlyList<ComparisonRow> rows, string model, string backend) =>
        rows.FirstOrDefault(r => r.Status == RowStatus.Ok && r.Model == model && r.Backend == backend && r.LatencySeconds is > 0 and < double.PositiveInfinity);

    private static string Against(ComparisonRow? row, double seconds, double? bytes)
    {
        if (row is null)
        {
            return NotMeasured;
        }

        double latency = row.LatencySeconds!.Value;
        string text = $"{row.Model} / {row.Backend}: {Figures.Seconds(latency)} per image ({Ratio(seconds, latency, "faster", "slower")})";
        double? mine = row.LatencyBytes ?? row.BytesPerImage;
        if (bytes is { } theirs && mine is { } sent)
        {
            text += $", {Figures.Bytes(sent)} per image ({Ratio(theirs, sent, "less", "more")})";
        }

        return text;
    }

    /// <summary>"3.2× faster" or "1.5× slower" (with <paramref name="below"/>/<paramref name="above"/> as the words):
    /// Veil's figure against the published one.</summary>
    private static string Ratio(double theirs, double mine, string below, string above) =>
        mine <= theirs ? $"{Figures.Times(theirs / mine)} {below}" : $"{Figures.Times(mine / theirs)} {above}";
}

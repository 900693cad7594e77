using System.Globalization;
using System.Text;
using Veil.Compare.Results;

namespace Veil.Compare.Report;

/// <summary>
/// The report's measured-privacy section: a summary table with the LiRA AUC and TPR at 0.1% FPR of every audited
/// model side by side, then per model a table of every attack and its ROC curves on log-log axes (inline SVG).
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class AuditSection
{
    private const double Width = 420, Height = 360, Left = 58, Right = 16, Top = 16, Bottom = 48;
    private const int LowExponent = -3;
    private static readonly string[] Colours = ["#1f5fa8", "#c2571a", "#2e8b57", "#8e44ad", "#b4232a", "#555555"];

    /// <summary>Appends the section when there are audits.</summary>
    public static void Render(StringBuilder html, IReadOnlyList<ModelAudit>? audits)
    {
        if (audits is null || audits.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"audit\"><h2>Measured privacy: membership inference</h2>")
            .Append("<p class=\"aside\">How well an attacker with shadow models tells the model's training images from others: ")
            .Append("AUC 0.5 is guessing; TPR at a low FPR counts members found with few false alarms (0.1% at random guessing). ")
            .Append("Intervals are 95% bootstrap intervals over the targets.</p>");
        html.Append("<table class=\"audit-summary\"><thead><tr><th>Model</th><th>LiRA AUC</th><th>LiRA TPR at 0.1% FPR</th><th>Targets</th></tr></thead><tbody>");
        foreach (ModelAudit audit in audits)
        {
            AuditAttackResult? h = audit.Headline;
            html.Append("<tr><td>").Append(Html.Encode(audit.Model)).Append("</td><td class=\"num\">")
                .Append(h is null ? Figures.Absent : Auc(h)).Append("</td><td class=\"num\">")
                .Append(h is null ? Figures.Absent : Tpr(h)).Append("</td><td class=\"num\">")
                .Append(h is null ? Figures.Absent : h.Targets.ToString("#,0", CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        for (int m = 0; m < audits.Count; m++)
        {
            ModelAudit audit = audits[m];
            html.Append("<h3>").Append(Html.Encode(audit.Model)).Append("</h3><p class=\"aside\">").Append(Html.Encode(audit.Setup)).Append("</p>");
            html.Append("<table class=\"audit\"><thead><tr><th>Attack</th><th>Targets</th><th>AUC</th><th>TPR at 1% FPR</th><th>TPR at 0.1% FPR</th></tr></thead><tbody>");
            foreach (AuditAttackResult a in audit.Attacks)
            {
                html.Append("<tr><td>").Append(Html.Encode(a.Attack)).Append("</td><td class=\"num\">")
                    .Append(a.Targets.ToString("#,0", CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">").Append(Auc(a))
                    .Append("</td><td class=\"num\">").Append(Figures.Percent(a.TprAt1PercentFpr))
                    .Append("</td><td class=\"num\">").Append(Tpr(a)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
            Chart(html, audit, m);
        }

        html.Append("</section>\n");
    }

    private static string Auc(AuditAttackResult a) =>
        string.Create(CultureInfo.InvariantCulture, $"{a.Auc:F3} [{a.AucLower:F3}, {a.AucUpper:F3}]");

    private static string Tpr(AuditAttackResult a) =>
        $"{Figures.Percent(a.TprAtTenthPercentFpr)} [{Figures.Percent(a.TprAtTenthPercentFprLower)}, {Figures.Percent(a.TprAtTenthPercentFprUpper)}]";

    private static void Chart(StringBuilder html, ModelAudit audit, int index)
    {
        html.Append("<figure class=\"chart roc\" id=\"roc-").Append(index.ToString(CultureInfo.InvariantCulture))
            .Append("\"><figcaption>ROC curves of the attacks on ").Append(Html.Encode(audit.Model))
            .Append(" (log-log; the dashed diagonal is guessing)</figcaption>");
        Svg.Open(html, Width, Height, $"ROC curves of the attacks on {audit.Model}");
        for (int e = LowExponent; e <= 0; e++)
        {
            double x = X(Math.Pow(10, e)), y = Y(Math.Pow(10, e));
            Svg.Line(html, x, Top, x, Height - Bottom, "grid");
            Svg.Line(html, Left, y, Width - Right, y, "grid");
            string label = Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture);
            Svg.Text(html, x, Height - Bottom + 16, label, "middle", "tick");
            Svg.Text(html, Left - 6, y + 4, label, "end", "tick");
        }

        Svg.Line(html, Left, Height - Bottom, Width - Right, Height - Bottom, "axis");
        Svg.Line(html, Left, Top, Left, Height - Bottom, "axis");
        Svg.Text(html, (Left + Width - Right) / 2, Height - 10, "false-positive rate", "middle", "axis-title");
        html.Append("<text class=\"axis-title\" transform=\"translate(14,").Append(Svg.N((Top + Height - Bottom) / 2))
            .Append(") rotate(-90)\" text-anchor=\"middle\">true-positive rate</text>");
        html.Append("<line class=\"axis\" stroke-dasharray=\"4 4\" x1=\"").Append(Svg.N(X(1e-3))).Append("\" y1=\"").Append(Svg.N(Y(1e-3)))
            .Append("\" x2=\"").Append(Svg.N(X(1))).Append("\" y2=\"").Append(Svg.N(Y(1))).Append("\"/>");
        for (int a = 0; a < audit.Attacks.Count; a++)
        {
            AuditAttackResult attack = audit.Attacks[a];
            string colour = Colours[a % Colours.Length];
            var points = new StringBuilder();
            foreach (double[] p in attack.Roc ?? [])
            {
                if (p is { Length: 2 } && p[0] > 0 && p[1] > 0)
                {
                    points.Append(Svg.N(X(p[0]))).Append(',').Append(Svg.N(Y(p[1]))).Append(' ');
                }
            }

            html.Append("<polyline class=\"roc-curve\" data-attack=\"").Append(Html.Encode(attack.Attack))
                .Append("\" fill=\"none\" stroke-width=\"1.8\" stroke=\"").Append(colour).Append("\" points=\"")
                .Append(points.ToString().TrimEnd()).Append("\"/>");
            double ly = Top + 12 + (a * 16);
            html.Append("<line x1=\"").Append(Svg.N(Left + 10)).Append("\" y1=\"").Append(Svg.N(ly - 4)).Append("\" x2=\"").Append(Svg.N(Left + 28))
                .Append("\" y2=\"").Append(Svg.N(ly - 4)).Append("\" stroke-width=\"2\" stroke=\"").Append(colour).Append("\"/>");
            Svg.Text(html, Left + 32, ly, attack.Attack, "start", "label");
        }

        html.Append("</svg></figure>");
    }

    // Rates below 10^-3 are drawn at 10^-3, the left and bottom edges.
    private static double X(double fpr) => Left + ((Width - Left - Right) * (Log(fpr) - LowExponent) / -LowExponent);

    private static double Y(double tpr) => Height - Bottom - ((Height - Top - Bottom) * (Log(tpr) - LowExponent) / -LowExponent);

    private static double Log(double v) => Math.Max(Math.Log10(v), LowExponent);
}

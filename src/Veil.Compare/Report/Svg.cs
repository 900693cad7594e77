using System.Globalization;
using System.Text;

namespace Veil.Compare.Report;

/// <summary>Small SVG writers shared by the charts: coordinates, markers, text and lines.</summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class Svg
{
    /// <summary>A coordinate with one decimal, culture-invariant.</summary>
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Opens an <c>&lt;svg&gt;</c> that scales to its container's width.</summary>
    public static void Open(StringBuilder html, double width, double height, string label) =>
        html.Append("<svg viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height))
            .Append("\" role=\"img\" aria-label=\"").Append(Html.Encode(label)).Append("\" xmlns=\"http://www.w3.org/2000/svg\">");

    /// <summary>A marker of <paramref name="style"/> centred on (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static void Marker(StringBuilder html, BackendStyle style, double x, double y, double size)
    {
        double r = size / 2;
        string path = style.Shape switch
        {
            MarkerShape.Square => $"M{N(x - r)},{N(y - r)}h{N(size)}v{N(size)}h{N(-size)}z",
            MarkerShape.Triangle => $"M{N(x)},{N(y - (r * 1.2))}L{N(x + (r * 1.1))},{N(y + (r * 0.9))}L{N(x - (r * 1.1))},{N(y + (r * 0.9))}z",
            MarkerShape.Diamond => $"M{N(x)},{N(y - (r * 1.3))}L{N(x + (r * 1.3))},{N(y)}L{N(x)},{N(y + (r * 1.3))}L{N(x - (r * 1.3))},{N(y)}z",
            MarkerShape.Cross => $"M{N(x - r)},{N(y - r)}L{N(x + r)},{N(y + r)}M{N(x - r)},{N(y + r)}L{N(x + r)},{N(y - r)}",
            _ => $"M{N(x - r)},{N(y)}a{N(r)},{N(r)} 0 1,0 {N(size)},0a{N(r)},{N(r)} 0 1,0 {N(-size)},0z",
        };
        html.Append("<path d=\"").Append(path).Append("\" fill=\"")
            .Append(style.Shape == MarkerShape.Cross ? "none" : style.Colour)
            .Append("\" stroke=\"").Append(style.Colour).Append("\" stroke-width=\"").Append(style.Shape == MarkerShape.Cross ? "2.5" : "1")
            .Append("\"/>");
    }

    /// <summary>A line from (x1, y1) to (x2, y2) with the CSS class <paramref name="cssClass"/>.</summary>
    public static void Line(StringBuilder html, double x1, double y1, double x2, double y2, string cssClass) =>
        html.Append("<line class=\"").Append(cssClass).Append("\" x1=\"").Append(N(x1)).Append("\" y1=\"").Append(N(y1))
            .Append("\" x2=\"").Append(N(x2)).Append("\" y2=\"").Append(N(y2)).Append("\"/>");

    /// <summary>Text at (x, y); <paramref name="anchor"/> is start, middle or end. The text is escaped.</summary>
    public static void Text(StringBuilder html, double x, double y, string text, string anchor = "start", string cssClass = "label") =>
        html.Append("<text class=\"").Append(cssClass).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(y))
            .Append("\" text-anchor=\"").Append(anchor).Append("\">").Append(Html.Encode(text)).Append("</text>");

    /// <summary>A tooltip for the enclosing element. The text is escaped.</summary>
    public static void Title(StringBuilder html, string text) =>
        html.Append("<title>").Append(Html.Encode(text)).Append("</title>");

    /// <summary>The legend's entries: one marker and name per backend, in a row from (x, y).</summary>
    public static void Legend(StringBuilder html, IEnumerable<string> backends, double x, double y)
    {
        html.Append("<g class=\"legend\">");
        foreach (string backend in backends)
        {
            Marker(html, BackendStyle.For(backend), x + 5, y - 4, 9);
            Text(html, x + 14, y, backend);
            x += 24 + (7.5 * backend.Length);
        }

        html.Append("</g>");
    }
}

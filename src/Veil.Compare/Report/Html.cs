using System.Text;

namespace Veil.Compare.Report;

/// <summary>HTML escaping for every string that comes from the results (names, errors, the command, the CPU).</summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class Html
{
    /// <summary><paramref name="text"/> safe inside an element or a quoted attribute: &amp;, &lt;, &gt;, " and ' become
    /// entities; every other character (the page is UTF-8) stays as it is.</summary>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            } ?? c.ToString());
        }

        return escaped.ToString();
    }
}

using System.Globalization;

namespace Veil.Compare.Report;

/// <summary>
/// How the report writes numbers: three significant digits, thousands separators, a true minus sign, and the unit
/// beside the figure ("1,234×", "35.2 KB", "97.99%", "−0.12 pt", "12.3 ms"). Absent figures, and NaN or infinite ones (which <c>results.json</c> may hold), read "—".
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
internal static class Figures
{
    /// <summary>What an absent figure reads.</summary>
    public const string Absent = "—";

    private const char Minus = '\u2212';
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary><paramref name="value"/> to three significant digits; whole numbers from 1,000 up with separators.</summary>
    public static string Significant(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return Absent;
        }

        double magnitude = Math.Abs(value);
        string text;
        if (magnitude >= 999.5)
        {
            text = Math.Round(magnitude).ToString("#,0", Invariant);
        }
        else if (magnitude == 0)
        {
            text = "0";
        }
        else
        {
            int decimals = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(magnitude)));
            double rounded = Math.Round(magnitude, Math.Min(decimals, 15));
            if (rounded >= 999.5)
            {
                return Significant(Math.CopySign(rounded, value));
            }

            // Rounding may carry into a new digit (9.996 -> 10.0): count the decimals again.
            decimals = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(rounded)));
            text = rounded.ToString("F" + Math.Min(decimals, 15).ToString(Invariant), Invariant);
        }

        return value < 0 && text != "0" ? Minus + text : text;
    }

    /// <summary>A ratio such as a slowdown: "1,234×", "3.21×".</summary>
    public static string Times(double? ratio) => Finite(ratio) is { } r ? Significant(r) + "×" : Absent;

    /// <summary>A share 0..1 as a percentage with two decimals: "97.99%".</summary>
    public static string Percent(double? share) => Finite(share) is { } s ? WithMinus((s * 100).ToString("F2", Invariant)) + "%" : Absent;

    /// <summary>Percentage points with a sign: "−0.12 pt", "+0.30 pt", "0.00 pt".</summary>
    public static string Points(double? points)
    {
        if (Finite(points) is not { } p)
        {
            return Absent;
        }

        string text = Math.Abs(p).ToString("F2", Invariant);
        string sign = text == "0.00" ? string.Empty : p < 0 ? Minus.ToString() : "+";
        return sign + text + " pt";
    }

    /// <summary>Seconds in the readable unit: "850 µs", "12.3 ms", "2.05 s".</summary>
    public static string Seconds(double? seconds) => Finite(seconds) switch
    {
        null => Absent,
        { } s when s is < 1e-3 and > 0 => Significant(s * 1e6) + " µs",
        { } s when s is < 1 and > 0 => Significant(s * 1e3) + " ms",
        { } s => Significant(s) + " s",
    };

    /// <summary>Bytes in decimal units (1 KB = 1,000 B): "512 B", "35.2 KB", "18.9 MB".</summary>
    public static string Bytes(double? bytes) => Finite(bytes) is { } b ? InByteUnits(b, Significant) : Absent;

    /// <summary>A power of ten of bytes as an axis labels it: "100 B", "10 KB", "1 MB".</summary>
    public static string DecadeBytes(int exponent) => InByteUnits(Math.Pow(10, exponent), v => v.ToString("#,0.###", Invariant));

    /// <summary>A count such as rounds: whole numbers without decimals ("30"), others to three significant digits.</summary>
    public static string Count(double? value) => Finite(value) switch
    {
        null => Absent,
        { } v when v == Math.Round(v) && Math.Abs(v) < 1e15 => v.ToString("#,0", Invariant),
        { } v => Significant(v),
    };

    private static string InByteUnits(double bytes, Func<double, string> format)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        int unit = 0;
        while (Math.Abs(bytes) >= 999.5 && unit < units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }

        return format(bytes) + " " + units[unit];
    }

    /// <summary>Images per second: "1,234 img/s".</summary>
    public static string Throughput(double? imagesPerSecond) => Finite(imagesPerSecond) is { } v ? Significant(v) + " img/s" : Absent;

    /// <summary>A plain count or measure to three significant digits, or "—".</summary>
    public static string Number(double? value) => Finite(value) is { } v ? Significant(v) : Absent;

    /// <summary>A small probability such as delta in scientific form: "1×10⁻⁵", "2.5×10⁻⁶".</summary>
    public static string Scientific(double? value)
    {
        if (Finite(value) is not { } v)
        {
            return Absent;
        }

        if (v == 0 || (Math.Abs(v) >= 0.01 && Math.Abs(v) < 1000))
        {
            return Significant(v);
        }

        int exponent = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        double mantissa = v / Math.Pow(10, exponent);
        if (Math.Abs(mantissa) >= 9.995)
        {
            mantissa /= 10;
            exponent++;
        }

        string head = Math.Abs(mantissa - Math.Round(mantissa)) < 0.005 ? Math.Round(mantissa).ToString("0", Invariant) : Significant(mantissa);
        return head + "×10" + Superscript(exponent);
    }

    /// <summary>A power of ten as the axes label it: "1×", "10×", "100×", "1,000×", then "10⁴×".</summary>
    public static string DecadeTimes(int exponent) =>
        exponent is >= 0 and <= 3 ? Math.Pow(10, exponent).ToString("#,0", Invariant) + "×" : "10" + Superscript(exponent) + "×";

    /// <summary>An integer in superscript digits: "⁴", "⁻⁵".</summary>
    public static string Superscript(int value)
    {
        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        string plain = Math.Abs(value).ToString(Invariant);
        var text = new System.Text.StringBuilder(plain.Length + 1);
        if (value < 0)
        {
            text.Append('⁻');
        }

        foreach (char c in plain)
        {
            text.Append(digits[c - '0']);
        }

        return text.ToString();
    }

    /// <summary>The value, or null when it is absent, NaN or infinite: a figure the report cannot show.</summary>
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static string WithMinus(string text) => text.StartsWith('-') ? Minus + text[1..] : text;
}

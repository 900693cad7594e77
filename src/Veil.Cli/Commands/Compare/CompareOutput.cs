using Veil.Compare.Report;
using Veil.Compare.Results;

namespace Veil.Cli.Commands.Compare;

/// <summary>Writes a comparison's files into the directory of <c>--out</c>: <c>results.json</c> and the report.</summary>
internal static class CompareOutput
{
    /// <summary>The results file's name.</summary>
    public const string ResultsFile = "results.json";

    /// <summary>The report's file name.</summary>
    public const string ReportFile = "report.html";

    /// <summary>Creates <paramref name="directory"/> when needed and writes the results and the report into it.</summary>
    /// <returns>The report's path, <c>DIR/report.html</c>.</returns>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static string Write(ComparisonResults results, string directory)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        ResultsJson.WriteFile(results, Path.Combine(directory, ResultsFile));
        string report = Path.Combine(directory, ReportFile);
        HtmlReport.WriteFile(results, report);
        return report;
    }
}

using System.CommandLine;
using Veil.Compare.Report;
using Veil.Compare.Results;

namespace Veil.Cli.Commands.Compare;

/// <summary><c>veil report --from results.json --out report.html</c>: renders a saved comparison's HTML report again.
/// A missing or invalid results file is one line and exit code 2 (through <see cref="VeilApp"/>'s mapping of
/// <see cref="IOException"/> and <see cref="VeilException"/>).</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "The results.json written by 'veil compare --out'.", Required = true, HelpName = "FILE" };
        var output = new Option<string>("--out", "-o")
        {
            Description = "The HTML file to write (default: report.html beside the results).",
            HelpName = "FILE",
        };
        var command = new Command("report", "Render the HTML report of a saved comparison (results.json) again.") { from, output };
        command.SetAction(parse =>
        {
            string source = parse.GetValue(from)!;
            if (!File.Exists(source))
            {
                throw new CliUsageException($"no results file '{source}' (write one with 'veil compare --out DIR')");
            }

            ComparisonResults results = ResultsJson.ReadFile(source);
            string target = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".", "report.html");
            HtmlReport.WriteFile(results, target);
            context.Out.WriteLine(Path.GetFullPath(target));
            return ExitCodes.Success;
        });
        return command;
    }
}

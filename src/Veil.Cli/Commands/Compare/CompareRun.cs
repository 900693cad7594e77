using Veil.Cli.Commands.Nn;
using Veil.Cli.Commands.Privacy;
using Veil.Compare.Comparison;
using Veil.Compare.Machine;
using Veil.Compare.Results;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Nn.Zoo;

namespace Veil.Cli.Commands.Compare;

/// <summary>Runs a comparison for <c>veil compare</c> and <c>veil demo</c>: checks the names, measures under a
/// progress bar, then prints the table (or the JSON) and writes the files.</summary>
internal static class CompareRun
{
    /// <summary>The backend names the commands accept: the registered backends, <c>dp</c> and <c>fl</c>.</summary>
    public static IReadOnlyList<string> BackendNames(IReadOnlyList<IInferenceBackend> registered) =>
        [.. registered.Select(b => b.Name), ComparisonPlan.DpBackend, ComparisonPlan.FlBackend];

    /// <summary>Splits a comma-separated list, or returns <paramref name="all"/> when it is null; every name must be
    /// one of <paramref name="all"/>.</summary>
    /// <exception cref="CliUsageException">A name is unknown, or the list is empty.</exception>
    public static IReadOnlyList<string> Names(string? list, IReadOnlyList<string> all, string what)
    {
        if (list is null)
        {
            return all;
        }

        List<string> names = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
        if (names.Count == 0)
        {
            throw new CliUsageException($"give at least one {what}; choose from {string.Join(", ", all)}.");
        }

        foreach (string name in names)
        {
            if (!all.Contains(name, StringComparer.Ordinal))
            {
                throw new CliUsageException($"unknown {what} '{name}'; choose from {string.Join(", ", all)}.");
            }
        }

        return names;
    }

    /// <summary>Runs the comparison and reports it.</summary>
    public static int Execute(CliContext context, IReadOnlyList<IInferenceBackend> registered, CompareRequest request)
    {
        MachineInfo machine = MachineProbe.Probe(typeof(CompareRun).Assembly);
        DateTimeOffset date = DateTimeOffset.UtcNow;
        List<Sequential> models = [.. request.Models.Select(ShippedModels.Load)];
        List<IInferenceBackend> backends = [.. registered.Where(b => request.Backends.Contains(b.Name))];
        var plan = ComparisonPlan.Create(
            models, backends, request.Backends.Contains(ComparisonPlan.DpBackend), ShippedModels.Load, request.Backends.Contains(ComparisonPlan.FlBackend));
        MnistDataset test = MnistDataset.LoadEmbedded(MnistSplit.Test);
        ComparisonOutcome outcome = ProgressDisplay.Run(context, "compare", report =>
            ComparisonRunner.Run(plan, test, request.Options, new SynchronousProgress<ComparisonProgress>(p =>
                report(p.Done, p.Total, $"{p.Row}: {p.Done:N0}/{p.Total:N0} images"))));
        var results = new ComparisonResults(request.Command, date, machine, request.Options.Limit, outcome.Rows);
        if (request.Audit)
        {
            results = results with { Audits = [.. request.Models.Select(name => CompareAudit.Run(context, name))] };
        }

        string? reportPath = request.OutDirectory is null ? null : CompareOutput.Write(results, request.OutDirectory);
        if (request.Json)
        {
            context.Out.WriteLine(ResultsJson.Serialize(results));
        }
        else
        {
            CompareTable.Write(context, results, outcome.Skipped);
        }

        if (request.OutDirectory is not null)
        {
            TextWriter paths = request.Json ? context.Error : context.Out;
            paths.WriteLine($"results: {Path.Combine(request.OutDirectory, CompareOutput.ResultsFile)}");
            if (File.Exists(reportPath))
            {
                paths.WriteLine($"report: {reportPath}");
            }
        }

        return ExitCodes.Success;
    }
}

using Veil.Compare.Comparison;

namespace Veil.Cli.Commands.Compare;

/// <summary>What <c>veil compare</c> or <c>veil demo</c> was asked for.</summary>
/// <param name="Models">Shipped models' names, in table order.</param>
/// <param name="Backends">Backend names (<c>plain</c>, the registered backends, <c>dp</c>).</param>
/// <param name="Options">How rows are measured.</param>
/// <param name="OutDirectory">Where to write results.json and the report, or null.</param>
/// <param name="Json">Print the results as JSON on standard output instead of a table.</param>
/// <param name="Command">The command line that reproduces the run.</param>
/// <param name="Audit">Also audit each model with membership-inference attacks (<c>--audit</c>; slow).</param>
internal sealed record CompareRequest(
    IReadOnlyList<string> Models, IReadOnlyList<string> Backends, ComparisonOptions Options, string? OutDirectory, bool Json, string Command,
    bool Audit = false);

namespace Veil.Compare.Results;

/// <summary>
/// What one <c>veil compare</c> run measured: a row per model and backend, the machine it ran on and the command that
/// reproduces it. <c>results.json</c> holds exactly this (<see cref="ResultsJson"/>), and the HTML report is rendered
/// from it alone, so a saved run can be rendered again.
/// </summary>
/// <param name="Command">The exact command line that reproduces the run, e.g. <c>veil compare --limit 10000 --out run/</c>.</param>
/// <param name="Date">When the run started.</param>
/// <param name="Machine">The machine it ran on.</param>
/// <param name="Limit">The number of test images requested per row (the first N of the MNIST test split); a row may
/// have evaluated fewer when its time budget ran out (see <see cref="ComparisonRow.Images"/>).</param>
/// <param name="Rows">One row per model and backend, in table order.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record ComparisonResults(string Command, DateTimeOffset Date, MachineInfo Machine, int Limit, IReadOnlyList<ComparisonRow> Rows)
{
    /// <summary>The <c>results.json</c> format this version writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Membership-inference audits, one per audited model (<c>veil compare --audit</c>); null when none were
    /// run, as in every results file written before audits existed.</summary>
    public IReadOnlyList<ModelAudit>? Audits { get; init; }

    /// <summary>The format version of the document (<see cref="CurrentFormatVersion"/> when written by this version).</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;
}

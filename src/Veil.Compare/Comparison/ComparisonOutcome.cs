using Veil.Compare.Results;

namespace Veil.Compare.Comparison;

/// <summary>The rows a comparison measured, and the pairs that did not apply.</summary>
/// <param name="Rows">One row per model and backend, in table order (plain rows first for each model).</param>
/// <param name="Skipped">The pairs that make no row, with the reason (for the table's footnote).</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record ComparisonOutcome(IReadOnlyList<ComparisonRow> Rows, IReadOnlyList<SkippedPair> Skipped);

namespace Veil.Compare.Comparison;

/// <summary>How far a comparison's current row has got, for a progress bar.</summary>
/// <param name="Row">The row, e.g. <c>lenet (mpc)</c>.</param>
/// <param name="Done">Images classified so far in the row's accuracy pass.</param>
/// <param name="Total">Images the pass will classify.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record ComparisonProgress(string Row, int Done, int Total);

using Veil.Nn;
using Veil.Nn.Inference;

namespace Veil.Compare.Comparison;

/// <summary>One row a comparison will measure.</summary>
/// <param name="Model">The model.</param>
/// <param name="Backend">The backend that runs it (the plain backend for <c>plain</c> and <c>dp</c> rows).</param>
/// <param name="Label">The row's backend column: the backend's name, or <c>dp</c>.</param>
/// <param name="Baseline">The model whose run in the clear this row is compared with.</param>
/// <param name="Clear">Whether this row is its model's run in the clear (a plain row, or a DP model's dp row): the
/// baseline of the rows that name the model.</param>
/// <remarks>Thread-safety: immutable (the model is read by one row at a time).</remarks>
public sealed record PlannedRow(Sequential Model, IInferenceBackend Backend, string Label, string Baseline, bool Clear)
{
    /// <summary>How the row appears in progress reports, e.g. <c>lenet (mpc)</c>.</summary>
    public string Description => $"{Model.Name} ({Label})";
}

namespace Veil.Compare.Results;

/// <summary>Whether a row of a comparison was measured.</summary>
public enum RowStatus
{
    /// <summary>The backend ran the model; the row's figures are measured.</summary>
    Ok,

    /// <summary>The backend failed on the model; <see cref="ComparisonRow.Error"/> says why and the figures are absent.</summary>
    Failed,
}

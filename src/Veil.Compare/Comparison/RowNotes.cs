namespace Veil.Compare.Comparison;

/// <summary>The few words in a row's note column that say how it was measured.</summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class RowNotes
{
    /// <summary>E.g. "batch 128", "batch packing, 4096 a pass", "latency packing only", and the time budget (e.g.
    /// "time budget: 3 of 100" images) when it cut the accuracy pass short.</summary>
    public static string Describe(PlannedRow row, RowMeasurement m)
    {
        string how = (row.Backend.Name, m.MaxBatchSize) switch
        {
            ("he", 1) => "latency packing only",
            ("he", _) => $"batch packing, {m.Batch} a pass",
            (_, 1) => "one image at a time",
            _ => $"batch {m.Batch}",
        };
        return m.Images < m.Requested ? $"{how}; time budget: {m.Images} of {m.Requested}" : how;
    }
}

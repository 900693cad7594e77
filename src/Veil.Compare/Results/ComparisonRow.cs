namespace Veil.Compare.Results;

/// <summary>
/// One model under one backend, measured on the first test images. Figures are null where they do not apply (rounds
/// for HE, bytes in the clear, epsilon outside DP) and on a <see cref="RowStatus.Failed"/> row.
/// </summary>
/// <param name="Model">The model's name (for a DP row, the DP-trained model, e.g. <c>lenet-dp3</c>).</param>
/// <param name="Backend"><c>plain</c>, <c>he</c>, <c>mpc</c> or <c>dp</c>.</param>
/// <param name="Status">Measured, or failed with <paramref name="Error"/>.</param>
/// <param name="Error">Why the backend failed on this model (one line), on a failed row.</param>
/// <param name="Baseline">The plain row this row is compared against: the same model, or for a DP row its non-private
/// twin (e.g. <c>lenet</c>).</param>
/// <param name="Images">Test images classified (the first ones); fewer than requested when the row's time budget ran out.</param>
/// <param name="Accuracy">The share of <paramref name="Images"/> classified correctly, 0..1.</param>
/// <param name="BaselineAccuracy">The baseline model's accuracy in the clear on the same images, 0..1.</param>
/// <param name="AccuracyDeltaPoints">(<paramref name="Accuracy"/> − <paramref name="BaselineAccuracy"/>) × 100:
/// negative when the backend loses accuracy.</param>
/// <param name="LatencySeconds">Seconds to classify one image on its own (median of the timed repeats, after a warm-up).</param>
/// <param name="ThroughputImagesPerSecond">Images per second classified in batches of <paramref name="ThroughputBatch"/>.</param>
/// <param name="ThroughputBatch">The batch size of the throughput measurement (the backend's own where it batches).</param>
/// <param name="LatencySlowdown"><paramref name="LatencySeconds"/> over the baseline plain row's, measured in the same run.</param>
/// <param name="ThroughputSlowdown">The baseline plain row's throughput over <paramref name="ThroughputImagesPerSecond"/>.</param>
/// <param name="BytesPerImage">Bytes sent over the network per image in the batched run, by every party (MPC) or both
/// ways (HE).</param>
/// <param name="LatencyBytes">Bytes sent for one image on its own.</param>
/// <param name="Rounds">Communication rounds for one image on its own (MPC).</param>
/// <param name="SetupSeconds">Preparing the backend for the model (keys, shared weights, processes), apart from the timings.</param>
/// <param name="Epsilon">The DP guarantee's epsilon (DP rows).</param>
/// <param name="Delta">The DP guarantee's delta (DP rows).</param>
/// <param name="Note">How the row was measured, in a few words (e.g. "batch packing, 4096 slots"), or empty.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record ComparisonRow(
    string Model,
    string Backend,
    RowStatus Status,
    string? Error,
    string Baseline,
    int Images,
    double? Accuracy,
    double? BaselineAccuracy,
    double? AccuracyDeltaPoints,
    double? LatencySeconds,
    double? ThroughputImagesPerSecond,
    int? ThroughputBatch,
    double? LatencySlowdown,
    double? ThroughputSlowdown,
    double? BytesPerImage,
    double? LatencyBytes,
    double? Rounds,
    double? SetupSeconds,
    double? Epsilon,
    double? Delta,
    string Note)
{
    /// <summary>A row for a backend that failed on a model.</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="backend">The backend's name.</param>
    /// <param name="baseline">The plain model it stands beside.</param>
    /// <param name="error">Why, in one line.</param>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public static ComparisonRow Failed(string model, string backend, string baseline, string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentException.ThrowIfNullOrEmpty(backend);
        ArgumentException.ThrowIfNullOrEmpty(baseline);
        ArgumentException.ThrowIfNullOrEmpty(error);
        return new ComparisonRow(model, backend, RowStatus.Failed, error, baseline, 0, null, null, null, null, null, null, null, null, null, null, null, null, null, null, string.Empty);
    }
}

namespace Veil.Compare.Comparison;

/// <summary>How a comparison measures its rows.</summary>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record ComparisonOptions
{
    /// <summary>The default <see cref="Limit"/>.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>The default <see cref="ThroughputBatch"/>.</summary>
    public const int DefaultThroughputBatch = 4096;

    /// <summary>How many of the first test images each row classifies (N).</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>The largest batch of the throughput pass; a row's batch is the smaller of this and its session's
    /// <see cref="Nn.Inference.IInferenceSession.MaxBatchSize"/>.</summary>
    public int ThroughputBatch { get; init; } = DefaultThroughputBatch;

    /// <summary>Backends whose throughput batch is capped below <see cref="ThroughputBatch"/>, by name (e.g.
    /// <c>mpc</c> at 128, its own internal batch, where a wider call costs time without gaining throughput).</summary>
    public IReadOnlyDictionary<string, int> BackendBatches { get; init; } = new Dictionary<string, int>();

    /// <summary>Seconds a row may take, from opening its session, before its accuracy pass stops after the batch
    /// that crosses it; 0 for no budget.</summary>
    public double MaxSecondsPerRow { get; init; }

    /// <summary>The latency measurement repeats one-image runs until this many seconds are spent (or
    /// <see cref="MaxLatencyRepeats"/> runs are done).</summary>
    public double LatencySeconds { get; init; } = 0.2;

    /// <summary>The most one-image runs the latency measurement times (3 when one run takes over a second).</summary>
    public int MaxLatencyRepeats { get; init; } = 21;

    /// <summary>The throughput batch cap of the backend named <paramref name="backend"/>.</summary>
    public int ThroughputBatchFor(string backend) =>
        BackendBatches.TryGetValue(backend, out int cap) ? Math.Min(cap, ThroughputBatch) : ThroughputBatch;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1, nameof(Limit));
        ArgumentOutOfRangeException.ThrowIfLessThan(ThroughputBatch, 1, nameof(ThroughputBatch));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxSecondsPerRow, nameof(MaxSecondsPerRow));
        ArgumentOutOfRangeException.ThrowIfNegative(LatencySeconds, nameof(LatencySeconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLatencyRepeats, 1, nameof(MaxLatencyRepeats));
        ArgumentNullException.ThrowIfNull(BackendBatches, nameof(BackendBatches));
        foreach (int cap in BackendBatches.Values)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1, nameof(BackendBatches));
        }
    }
}

using Veil.Nn.Inference;

namespace Veil.Compare.Comparison;

/// <summary>A session's communication counters at one moment: bytes sent (by every party, or both ways) and rounds;
/// null where the backend does not count them.</summary>
/// <remarks>Thread-safety: immutable.</remarks>
internal readonly record struct Traffic(double? Bytes, double? Rounds)
{
    /// <summary>The counters <paramref name="session"/> reports now: <see cref="InferenceMetrics.Bytes"/>, else
    /// <see cref="InferenceMetrics.BytesIn"/> + <see cref="InferenceMetrics.BytesOut"/>; <see cref="InferenceMetrics.Rounds"/>.</summary>
    public static Traffic Of(IInferenceSession session)
    {
        IReadOnlyDictionary<string, double> metrics = session.Metrics;
        double? bytes = metrics.TryGetValue(InferenceMetrics.Bytes, out double total) ? total : null;
        if (bytes is null && (metrics.ContainsKey(InferenceMetrics.BytesIn) || metrics.ContainsKey(InferenceMetrics.BytesOut)))
        {
            bytes = metrics.GetValueOrDefault(InferenceMetrics.BytesIn) + metrics.GetValueOrDefault(InferenceMetrics.BytesOut);
        }

        return new Traffic(bytes, metrics.TryGetValue(InferenceMetrics.Rounds, out double rounds) ? rounds : null);
    }

    /// <summary>The counts between two moments.</summary>
    public static Traffic operator -(Traffic after, Traffic before) => new(after.Bytes - before.Bytes, after.Rounds - before.Rounds);
}

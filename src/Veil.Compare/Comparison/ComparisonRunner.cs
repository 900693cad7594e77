using Veil.Compare.Results;
using Veil.Federated.Simulation;
using Veil.Nn.Data;
using Veil.Privacy.DpSgd;

namespace Veil.Compare.Comparison;

/// <summary>
/// Measures every row of a <see cref="ComparisonPlan"/> on the same first test images, then sets each row against
/// its baseline's run in the clear from the same run: accuracy on exactly the same images, latency slowdown
/// (latency over the baseline's) and throughput slowdown (the baseline's throughput over the row's). A backend that
/// throws makes a failed row, and the other rows still run.
/// </summary>
/// <remarks>Thread-safety: stateless; rows run one after another on the calling thread.</remarks>
public static class ComparisonRunner
{
    /// <summary>Runs the comparison.</summary>
    /// <param name="plan">The rows.</param>
    /// <param name="data">The test images (the first <see cref="ComparisonOptions.Limit"/> are used).</param>
    /// <param name="options">How to measure.</param>
    /// <param name="progress">Receives each row's progress after every batch.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static ComparisonOutcome Run(
        ComparisonPlan plan, MnistDataset data, ComparisonOptions options, IProgress<ComparisonProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var measured = new RowMeasurement?[plan.Rows.Count];
        var errors = new string?[plan.Rows.Count];
        for (int i = 0; i < plan.Rows.Count; i++)
        {
            try
            {
                measured[i] = RowMeasurement.Measure(plan.Rows[i], data, options, progress, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors[i] = $"{e.GetType().Name}: {e.Message}".ReplaceLineEndings(" ").Trim();
            }
        }

        var clear = new Dictionary<string, RowMeasurement>(StringComparer.Ordinal);
        for (int i = 0; i < plan.Rows.Count; i++)
        {
            if (plan.Rows[i].Clear && measured[i] is RowMeasurement m)
            {
                clear[plan.Rows[i].Model.Name] = m;
            }
        }

        var rows = new ComparisonRow[plan.Rows.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            PlannedRow row = plan.Rows[i];
            rows[i] = measured[i] is RowMeasurement m
                ? ToRow(row, m, clear.GetValueOrDefault(row.Baseline))
                : ComparisonRow.Failed(row.Model.Name, row.Label, row.Baseline, errors[i]!);
        }

        return new ComparisonOutcome(rows, plan.Skipped);
    }

    private static ComparisonRow ToRow(PlannedRow row, RowMeasurement m, RowMeasurement? baseline)
    {
        int images = m.Images;
        double accuracy = m.AccuracyOver(images);
        double? baselineAccuracy = baseline is null ? null : baseline.AccuracyOver(Math.Min(images, baseline.Images));
        double? epsilon = null, delta = null;
        if (row.Label == ComparisonPlan.DpBackend && DpModelProperties.TryReadGuarantee(row.Model.Properties, out double e, out double d))
        {
            (epsilon, delta) = (e, d);
        }
        else if (row.Label == ComparisonPlan.FlBackend && FlModelProperties.TryReadGuarantee(row.Model.Properties, out double fe, out double fd))
        {
            (epsilon, delta) = (fe, fd);
        }

        return new ComparisonRow(
            row.Model.Name,
            row.Label,
            RowStatus.Ok,
            null,
            row.Baseline,
            images,
            accuracy,
            baselineAccuracy,
            (accuracy - baselineAccuracy) * 100,
            m.LatencySeconds,
            m.ThroughputImagesPerSecond,
            m.Batch,
            m.LatencySeconds / baseline?.LatencySeconds,
            baseline?.ThroughputImagesPerSecond / m.ThroughputImagesPerSecond,
            m.BytesPerImage,
            m.LatencyBytes,
            m.Rounds,
            m.SetupSeconds,
            epsilon,
            delta,
            row.Label == ComparisonPlan.FlBackend ? FlModelProperties.Describe(row.Model.Properties) : RowNotes.Describe(row, m));
    }
}

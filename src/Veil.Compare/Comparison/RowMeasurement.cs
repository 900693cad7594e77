using System.Diagnostics;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Inference;
using Veil.Tensors;

namespace Veil.Compare.Comparison;

/// <summary>What one row measured, before it is set against its baseline.</summary>
/// <param name="Correct">Per image of the accuracy pass (the first ones), whether it was classified correctly.</param>
/// <param name="LatencySeconds">Median seconds of a one-image run.</param>
/// <param name="ThroughputImagesPerSecond">Images over the seconds of the throughput pass's inference calls.</param>
/// <param name="Batch">The throughput pass's batch size.</param>
/// <param name="BytesPerImage">Bytes sent per image in the throughput pass, when the backend counts bytes.</param>
/// <param name="LatencyBytes">Bytes sent by one timed one-image run.</param>
/// <param name="Rounds">Rounds of one timed one-image run, when the backend counts rounds.</param>
/// <param name="SetupSeconds">Seconds to open the session.</param>
/// <param name="Requested">Images the accuracy pass was to classify (N).</param>
/// <param name="MaxBatchSize">The session's largest batch.</param>
/// <remarks>Thread-safety: immutable after construction.</remarks>
internal sealed record RowMeasurement(
    bool[] Correct,
    double LatencySeconds,
    double ThroughputImagesPerSecond,
    int Batch,
    double? BytesPerImage,
    double? LatencyBytes,
    double? Rounds,
    double SetupSeconds,
    int Requested,
    int MaxBatchSize)
{
    /// <summary>The images counted for accuracy.</summary>
    public int Images => Correct.Length;

    /// <summary>The share of <see cref="Images"/> classified correctly, over the first <paramref name="count"/>.</summary>
    public double AccuracyOver(int count)
    {
        int correct = 0;
        for (int i = 0; i < count; i++)
        {
            correct += Correct[i] ? 1 : 0;
        }

        return count == 0 ? 0 : (double)correct / count;
    }

    /// <summary>
    /// Measures <paramref name="row"/>: opens its session (setup), runs one warm-up image, times one-image runs
    /// (latency; skipped when the session takes one image at a time, whose accuracy pass gives the latency), then
    /// classifies the first images in batches (accuracy and throughput).
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled between batches.</exception>
    /// <exception cref="Exception">Whatever the backend throws.</exception>
    public static RowMeasurement Measure(
        PlannedRow row, MnistDataset data, ComparisonOptions options, IProgress<ComparisonProgress>? progress, CancellationToken cancellationToken)
    {
        int requested = Math.Min(options.Limit, data.Count);
        var clock = Stopwatch.StartNew();
        using IInferenceSession session = row.Backend.Open(row.Model);
        double setup = clock.Elapsed.TotalSeconds;
        var runner = new BatchRunner(session, row.Model, data);
        cancellationToken.ThrowIfCancellationRequested();
        runner.Run(0, 1);

        int maxBatch = Math.Max(1, session.MaxBatchSize);
        var latency = new List<double>();
        Traffic? single = null;
        if (maxBatch > 1)
        {
            double spent = 0;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                Traffic before = Traffic.Of(session);
                double seconds = runner.Run(0, 1);
                single ??= Traffic.Of(session) - before;
                latency.Add(seconds);
                spent += seconds;
            }
            while (spent < options.LatencySeconds && latency.Count < (latency.Max() > 1 ? Math.Min(3, options.MaxLatencyRepeats) : options.MaxLatencyRepeats));
        }

        int batch = Math.Min(maxBatch, options.ThroughputBatchFor(row.Backend.Name));
        int run = batch > requested ? Math.Min(batch, data.Count) : requested;
        var correct = new bool[run];
        Traffic start = Traffic.Of(session);
        double inferSeconds = 0;
        int done = 0;
        progress?.Report(new ComparisonProgress(row.Description, 0, run));
        while (done < run)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(batch, run - done);
            Traffic before = Traffic.Of(session);
            double seconds = runner.Run(done, n, correct);
            if (maxBatch == 1)
            {
                single ??= Traffic.Of(session) - before;
                latency.Add(seconds);
            }

            inferSeconds += seconds;
            done += n;
            progress?.Report(new ComparisonProgress(row.Description, done, run));
            if (options.MaxSecondsPerRow > 0 && clock.Elapsed.TotalSeconds >= options.MaxSecondsPerRow)
            {
                break;
            }
        }

        Traffic pass = Traffic.Of(session) - start;
        return new RowMeasurement(
            correct[..Math.Min(done, requested)],
            Median(latency),
            done / inferSeconds,
            batch,
            pass.Bytes / done,
            single?.Bytes,
            single?.Rounds,
            setup,
            requested,
            maxBatch);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /// <summary>Runs images through a session, timing the inference call alone.</summary>
    private sealed class BatchRunner(IInferenceSession session, Sequential model, MnistDataset data)
    {
        private readonly int _classes = model.OutputShape.ElementCount;

        /// <summary>Classifies images <paramref name="start"/>..+<paramref name="count"/> and returns the seconds
        /// of the inference call; records correctness in <paramref name="correct"/> when given.</summary>
        public double Run(int start, int count, bool[]? correct = null)
        {
            Tensor images = MnistPreprocessing.ImagesNew(data, start, count);
            var logits = new Tensor(count, _classes);
            long begin = Stopwatch.GetTimestamp();
            session.Infer(images, logits);
            double seconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;
            if (correct is not null)
            {
                int[] predicted = new int[count];
                Tensor.ArgMaxRows(logits, predicted);
                for (int i = 0; i < count; i++)
                {
                    correct[start + i] = predicted[i] == data.Labels[start + i];
                }
            }

            return seconds;
        }
    }
}

using System.Diagnostics;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Nn.Zoo;
using Veil.Privacy.DpSgd;

namespace Veil.Cli.Commands.Privacy;

/// <summary>The measurement behind <c>veil bench dp</c>: epochs over the same images, alternately non-private
/// (<see cref="Trainer"/>) and DP-SGD (<see cref="DpSgdTrainer"/>: Poisson batches, per-example clipping, noise from
/// the OS CSPRNG, weight averaging), both with SGD and momentum, so that load from other processes hits both alike.</summary>
internal static class DpBenchmark
{
    /// <summary>One setting's figures: epoch times scaled to 60,000 images (medians), and the ratio of each pair.</summary>
    public sealed record Figures(
        string Model, int Batch, int Images, int Repeats, double PlainEpochSeconds, double PrivateEpochSeconds, double Ratio, IReadOnlyList<double> Ratios);

    public static Figures Measure(ZooEntry entry, MnistDataset train, int batch, int images, int repeats)
    {
        TrainingOptions options = PrivateTrainOptions.Recipe(entry) with { Epochs = 1, BatchSize = batch, Limit = images };
        var privacy = new DpSgdOptions { NoiseMultiplier = 1, Delta = 1.0 / (2 * images), ClippingNorm = 1, AverageDecay = PrivateTrainOptions.DefaultAverage };

        // One untimed pair warms up the JIT and the buffers.
        double plain = 0, dp = 0;
        var plainTimes = new List<double>();
        var privateTimes = new List<double>();
        for (int r = 0; r <= repeats; r++)
        {
            plain = TimePlain(entry, train, options);
            dp = TimePrivate(entry, train, options, privacy);
            if (r > 0)
            {
                plainTimes.Add(plain);
                privateTimes.Add(dp);
            }
        }

        double scale = (double)train.Count / images;
        var ratios = plainTimes.Zip(privateTimes, (p, q) => q / p).ToList();
        return new Figures(entry.Name, batch, images, repeats, Median(plainTimes) * scale, Median(privateTimes) * scale, Median(ratios), ratios);
    }

    private static double TimePlain(ZooEntry entry, MnistDataset train, TrainingOptions options)
    {
        var trainer = new Trainer(entry.Create(1), options);
        var watch = Stopwatch.StartNew();
        trainer.TrainEpoch(train, 1);
        return watch.Elapsed.TotalSeconds;
    }

    private static double TimePrivate(ZooEntry entry, MnistDataset train, TrainingOptions options, DpSgdOptions privacy)
    {
        using var trainer = new DpSgdTrainer(entry.Create(1), train, options, privacy);
        var watch = Stopwatch.StartNew();
        trainer.TrainEpoch();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[(n / 2) - 1] + sorted[n / 2]);
    }
}

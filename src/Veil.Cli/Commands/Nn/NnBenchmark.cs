using System.Diagnostics;
using System.Runtime.Intrinsics;
using Veil.Nn;
using Veil.Nn.Data;
using Veil.Nn.Training;
using Veil.Nn.Zoo;
using Veil.Tensors;
using Veil.Tensors.Kernels;

namespace Veil.Cli.Commands.Nn;

/// <summary>The measurements behind <c>veil bench nn</c>: inference at batch 1 and 1000, a training epoch, GEMM
/// throughput, and the machine's measured FMA peak.</summary>
internal static class NnBenchmark
{
    /// <summary>One architecture's figures. The CPU-second rates divide by the process's CPU time instead of wall
    /// time: on a shared machine they show what the code does with the cycles it gets (spin-waiting counts as work,
    /// so they err low); multiply by the core count for a quiet machine's estimate.</summary>
    public sealed record ModelFigures(
        string Model, double Batch1ImagesPerSecond, double Batch1000ImagesPerSecond, double InferenceGflops,
        double EpochSeconds, int TrainImages, double TrainingGflops,
        double Batch1000ImagesPerCpuSecond, double EpochCpuSeconds);

    /// <summary>Inference and training speed of one architecture (random weights: speed does not depend on them).</summary>
    public static ModelFigures Measure(ZooEntry entry, MnistDataset train, MnistDataset test, int trainImages, Action<string> status)
    {
        Sequential model = entry.Create(seed: 1);
        long forward = ModelCost.ForwardFlops(model);

        status($"{entry.Name}: batch 1");
        var single = new Tensor(1, 10);
        for (int i = 0; i < 50; i++)
        {
            model.Predict(MnistPreprocessing.ImagesNew(test, i, 1), single);
        }

        int singles = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < 1.5 || singles < 100)
        {
            model.Predict(MnistPreprocessing.ImagesNew(test, singles % test.Count, 1), single);
            singles++;
        }

        double batch1 = singles / watch.Elapsed.TotalSeconds;

        status($"{entry.Name}: batch 1000");
        var logits = new Tensor(1000, 10);
        model.Predict(MnistPreprocessing.ImagesNew(test, 0, 1000), logits);
        int batches = 0;
        TimeSpan cpu = CpuTime();
        watch.Restart();
        while (watch.Elapsed.TotalSeconds < 3 || batches < 3)
        {
            model.Predict(MnistPreprocessing.ImagesNew(test, (batches % 10) * 1000, 1000), logits);
            batches++;
        }

        double batch1000 = batches * 1000 / watch.Elapsed.TotalSeconds;
        double batch1000Cpu = batches * 1000 / (CpuTime() - cpu).TotalSeconds;
        double epochCpu = 0;

        double epochSeconds = 0;
        int images = 0;
        if (trainImages > 0)
        {
            status($"{entry.Name}: training");
            var trainer = new Trainer(model, entry.Training with { Epochs = 1, Limit = trainImages });
            cpu = CpuTime();
            EpochReport report = trainer.TrainEpoch(train, 1);
            epochCpu = (CpuTime() - cpu).TotalSeconds * train.Count / report.Images;
            images = report.Images;
            epochSeconds = report.Seconds;
        }

        return new ModelFigures(
            entry.Name, batch1, batch1000, batch1000 * forward / 1e9,
            images == 0 ? 0 : epochSeconds * train.Count / images, images,
            images == 0 ? 0 : images * (double)ModelCost.TrainingFlops(model) / epochSeconds / 1e9,
            batch1000Cpu, epochCpu);
    }

    private static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>GFLOP/s of a square single-precision matrix product of size <paramref name="size"/> on all cores.</summary>
    public static double GemmGflops(int size)
    {
        float[] a = new float[size * size], b = new float[size * size], c = new float[size * size];
        a.AsSpan().Fill(0.5f);
        b.AsSpan().Fill(0.25f);
        Gemm.Multiply(size, size, size, a, size, false, b, size, false, c, size);
        int runs = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < 2 || runs < 3)
        {
            Gemm.Multiply(size, size, size, a, size, false, b, size, false, c, size);
            runs++;
        }

        return runs * 2.0 * size * size * size / watch.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>
    /// The measured peak: every core runs 16 independent chains of 512-bit fused multiply-adds (no memory traffic), so
    /// the figure is cores x FMA pipes x 16 lanes x 2 operations x the clock actually sustained.
    /// </summary>
    public static double PeakGflops()
    {
        const long iterations = 20_000_000;
        int threads = Environment.ProcessorCount;
        FmaChains(1000);
        var watch = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => FmaChains(iterations));
        double lanes = Vector512.IsHardwareAccelerated ? 16 : 8;
        return threads * iterations * 16 * lanes * 2 / watch.Elapsed.TotalSeconds / 1e9;
    }

    private static float FmaChains(long iterations)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            return FmaChains256(iterations);
        }

        var m = Vector512.Create(0.999999f);
        var add = Vector512.Create(1e-7f);
        Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m;
        Vector512<float> a8 = m, a9 = m, a10 = m, a11 = m, a12 = m, a13 = m, a14 = m, a15 = m;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, add);
            a1 = Vector512.FusedMultiplyAdd(a1, m, add);
            a2 = Vector512.FusedMultiplyAdd(a2, m, add);
            a3 = Vector512.FusedMultiplyAdd(a3, m, add);
            a4 = Vector512.FusedMultiplyAdd(a4, m, add);
            a5 = Vector512.FusedMultiplyAdd(a5, m, add);
            a6 = Vector512.FusedMultiplyAdd(a6, m, add);
            a7 = Vector512.FusedMultiplyAdd(a7, m, add);
            a8 = Vector512.FusedMultiplyAdd(a8, m, add);
            a9 = Vector512.FusedMultiplyAdd(a9, m, add);
            a10 = Vector512.FusedMultiplyAdd(a10, m, add);
            a11 = Vector512.FusedMultiplyAdd(a11, m, add);
            a12 = Vector512.FusedMultiplyAdd(a12, m, add);
            a13 = Vector512.FusedMultiplyAdd(a13, m, add);
            a14 = Vector512.FusedMultiplyAdd(a14, m, add);
            a15 = Vector512.FusedMultiplyAdd(a15, m, add);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    private static float FmaChains256(long iterations)
    {
        var m = Vector256.Create(0.999999f);
        var add = Vector256.Create(1e-7f);
        Vector256<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m;
        Vector256<float> a8 = m, a9 = m, a10 = m, a11 = m, a12 = m, a13 = m, a14 = m, a15 = m;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, add);
            a1 = Vector256.FusedMultiplyAdd(a1, m, add);
            a2 = Vector256.FusedMultiplyAdd(a2, m, add);
            a3 = Vector256.FusedMultiplyAdd(a3, m, add);
            a4 = Vector256.FusedMultiplyAdd(a4, m, add);
            a5 = Vector256.FusedMultiplyAdd(a5, m, add);
            a6 = Vector256.FusedMultiplyAdd(a6, m, add);
            a7 = Vector256.FusedMultiplyAdd(a7, m, add);
            a8 = Vector256.FusedMultiplyAdd(a8, m, add);
            a9 = Vector256.FusedMultiplyAdd(a9, m, add);
            a10 = Vector256.FusedMultiplyAdd(a10, m, add);
            a11 = Vector256.FusedMultiplyAdd(a11, m, add);
            a12 = Vector256.FusedMultiplyAdd(a12, m, add);
            a13 = Vector256.FusedMultiplyAdd(a13, m, add);
            a14 = Vector256.FusedMultiplyAdd(a14, m, add);
            a15 = Vector256.FusedMultiplyAdd(a15, m, add);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }
}

using System.Diagnostics;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.He;

/// <summary>What one measured batch of HE preprocessing cost: wall-clock seconds (both parties in parallel, in-process)
/// and the bytes each party sent to the other, transport framing included.</summary>
/// <param name="Name">What was measured.</param>
/// <param name="Seconds">Wall-clock time of the slower party.</param>
/// <param name="BytesFrom0">Bytes party 0 sent to party 1.</param>
/// <param name="BytesFrom1">Bytes party 1 sent to party 0.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record HeTripleMeasurement(string Name, double Seconds, long BytesFrom0, long BytesFrom1)
{
    /// <summary>Bytes in both directions.</summary>
    public long TotalBytes => BytesFrom0 + BytesFrom1;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name,-44} {Seconds,8:F3} s {TotalBytes / 1e6,10:F2} MB (0→1 {BytesFrom0 / 1e6:F2}, 1→0 {BytesFrom1 / 1e6:F2})";
}

/// <summary>
/// Measures <see cref="HeTripleSource"/> on two in-process parties (one thread each): time and bytes of MatMul(1,784,128),
/// MatMul(128,784,128) and LeNet's two convolutions at batch 1, fresh and with fixed masks (the first use, which
/// uploads the mask's ciphertexts, and a second use, which costs only replies; and 16 such triples prefetched together).
/// </summary>
/// <remarks>Thread-safety: each call is independent; it starts its own threads.</remarks>
public static class HeTripleBenchmark
{
    /// <summary>LeNet's convolutions (the zoo's "lenet", batch 1): 1→20 5×5 on 28×28 and 20→50 5×5 on 12×12.</summary>
    public static IReadOnlyList<Conv2dShape> LenetConvolutions { get; } =
        [new Conv2dShape(1, 1, 28, 28, 20, 5, 5), new Conv2dShape(1, 20, 12, 12, 50, 5, 5)];

    /// <summary>Runs the standard cases and returns one measurement per line.</summary>
    /// <exception cref="AggregateException">A party failed.</exception>
    public static IReadOnlyList<HeTripleMeasurement> RunStandard(HeTripleOptions? options = null)
    {
        var cases = new List<(string, int, int, int)> { ("MatMul(1,784,128)", 1, 784, 128), ("MatMul(128,784,128)", 128, 784, 128) };
        var results = new List<HeTripleMeasurement>();
        foreach (var (name, m, k, n) in cases)
        {
            results.Add(Measure(name, [CorrelationRequest.MatMul(m, k, n)], options));
            results.AddRange(MeasureFixed(name + " fixed", CorrelationRequest.Mask(k * n), CorrelationRequest.MatMulWithMask(m, k, n, 0), options));
        }

        results.AddRange(MeasureFixed("MatMul(1,784,128) fixed", CorrelationRequest.Mask(784 * 128), CorrelationRequest.MatMulWithMask(1, 784, 128, 0), options, 16));

        foreach (Conv2dShape shape in LenetConvolutions)
        {
            string name = $"Conv2d({shape.InChannels}→{shape.OutChannels} {shape.KernelHeight}x{shape.KernelWidth} on {shape.Height}x{shape.Width})";
            results.Add(Measure(name, [CorrelationRequest.Conv2d(shape)], options));
            results.AddRange(MeasureFixed(name + " fixed", CorrelationRequest.Mask(shape.KernelCount), CorrelationRequest.Conv2dWithMask(shape, 0), options));
        }

        return results;
    }

    /// <summary>Measures one prefetch of <paramref name="requests"/>.</summary>
    /// <exception cref="AggregateException">A party failed.</exception>
    public static HeTripleMeasurement Measure(string name, IReadOnlyList<CorrelationRequest> requests, HeTripleOptions? options = null)
    {
        var runs = InProcessPair.RunOrThrow((party, source, transport) => Timed(source, transport, 1 - party, requests), options);
        return new HeTripleMeasurement(name, Math.Max(runs[0].Seconds, runs[1].Seconds), runs[0].Bytes, runs[1].Bytes);
    }

    /// <summary>Measures a fixed mask's first use (mask upload included) and second use (replies only).</summary>
    /// <exception cref="AggregateException">A party failed.</exception>
    /// <param name="name">The label.</param>
    /// <param name="mask">The mask request.</param>
    /// <param name="use">A triple request for that mask.</param>
    /// <param name="options">The parameters.</param>
    /// <param name="together">How many triples the later use prefetches in one list (the first use asks for one).</param>
    public static IReadOnlyList<HeTripleMeasurement> MeasureFixed(string name, CorrelationRequest mask, CorrelationRequest use, HeTripleOptions? options = null, int together = 1)
    {
        ArgumentNullException.ThrowIfNull(use);
        var runs = InProcessPair.RunOrThrow((party, source, transport) =>
        {
            source.Prefetch([mask]);
            var first = Timed(source, transport, 1 - party, [use]);
            var second = Timed(source, transport, 1 - party, Enumerable.Repeat(use, together).ToList());
            return (first, second);
        }, options);
        return
        [
            new HeTripleMeasurement(name + ", first use", Math.Max(runs[0].first.Seconds, runs[1].first.Seconds), runs[0].first.Bytes, runs[1].first.Bytes),
            new HeTripleMeasurement(name + (together == 1 ? ", later use" : $", later {together} together"), Math.Max(runs[0].second.Seconds, runs[1].second.Seconds), runs[0].second.Bytes, runs[1].second.Bytes),
        ];
    }

    private static (double Seconds, long Bytes) Timed(HeTripleSource source, Transport.IMpcTransport transport, int peer, IReadOnlyList<CorrelationRequest> requests)
    {
        long before = transport.Counters.SentTo(peer);
        var stopwatch = Stopwatch.StartNew();
        source.Prefetch(requests);
        return (stopwatch.Elapsed.TotalSeconds, transport.Counters.SentTo(peer) - before);
    }
}

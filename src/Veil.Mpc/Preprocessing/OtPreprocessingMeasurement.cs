using System.Diagnostics;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// What making one list of correlations by oblivious transfer cost: wall time (both parties in this process, each on
/// its own thread, over <see cref="InProcessNetwork"/>) and the bytes each party sent, framing included.
/// </summary>
/// <param name="Setup">Base OTs and extension setup.</param>
/// <param name="Elapsed">The prefetch of the list, after setup.</param>
/// <param name="SetupBytes">Bytes both ways during setup.</param>
/// <param name="BytesFromZero">Bytes party 0 sent during the prefetch.</param>
/// <param name="BytesFromOne">Bytes party 1 sent during the prefetch.</param>
/// <param name="ProcessorTime">CPU time of the whole process during the prefetch (both parties, GC included): on a
/// loaded machine a better guide than <paramref name="Elapsed"/>.</param>
/// <remarks>Thread-safety: immutable; <see cref="Run"/> is safe from any thread.</remarks>
public sealed record OtPreprocessingMeasurement(TimeSpan Setup, TimeSpan Elapsed, long SetupBytes, long BytesFromZero, long BytesFromOne, TimeSpan ProcessorTime)
{
    /// <summary>
    /// Connects two <see cref="OtTripleSource"/>s in-process and prefetches <paramref name="requests"/> on both, for
    /// measurements from the command line (e.g. a MatMul(1, 784, 128) or LeNet's convolutions).
    /// </summary>
    /// <exception cref="MpcProtocolException">A party failed.</exception>
    public static OtPreprocessingMeasurement Run(IReadOnlyList<CorrelationRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var network = new InProcessNetwork(2, TimeSpan.FromMinutes(5));
        var setupDone = new Barrier(2);
        var clock = new Stopwatch();
        TimeSpan setup = TimeSpan.Zero, cpu = TimeSpan.Zero;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        long[] setupSent = new long[2];
        var tasks = Enumerable.Range(0, 2).Select(id => Task.Factory.StartNew(() =>
        {
            if (id == 0)
            {
                clock.Start();
            }

            using var source = OtTripleSource.Connect(network[id], id);
            setupSent[id] = network[id].Counters.SentTo(1 - id);
            setupDone.SignalAndWait();
            if (id == 0)
            {
                setup = clock.Elapsed;
                process.Refresh();
                cpu = process.TotalProcessorTime;
                clock.Restart();
            }

            setupDone.SignalAndWait();
            source.Prefetch(requests);
            return network[id].Counters.SentTo(1 - id) - setupSent[id];
        }, TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(tasks);
        var elapsed = clock.Elapsed;
        process.Refresh();
        return new OtPreprocessingMeasurement(setup, elapsed, setupSent[0] + setupSent[1], tasks[0].Result, tasks[1].Result, process.TotalProcessorTime - cpu);
    }
}

using Veil.Mpc.Preprocessing;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Tests.Preprocessing.Ot;

/// <summary>Runs a function on both parties of an in-process two-party session, each on its own thread.</summary>
internal static class OtPair
{
    public static (T Zero, T One) Run<T>(Func<IMpcTransport, int, T> compute, double timeoutSeconds = 20)
    {
        var network = new InProcessNetwork(2, TimeSpan.FromSeconds(timeoutSeconds));
        var tasks = Enumerable.Range(0, 2).Select(id => Task.Factory.StartNew(() => compute(network[id], id), TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(tasks, TimeSpan.FromSeconds(120));
        return (tasks[0].Result, tasks[1].Result);
    }

    public static (T Zero, T One) WithSources<T>(Func<OtTripleSource, T> compute) =>
        Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            return compute(source);
        });

    public static ulong[] Add(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        var sum = new ulong[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            sum[i] = x[i] + y[i];
        }

        return sum;
    }

    public static ulong[] Xor(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        var sum = new ulong[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            sum[i] = x[i] ^ y[i];
        }

        return sum;
    }
}

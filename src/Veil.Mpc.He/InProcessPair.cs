using Veil.Mpc.Preprocessing;
using Veil.Mpc.Transport;

namespace Veil.Mpc.He;

/// <summary>
/// Runs two parties with <see cref="HeTripleSource"/>s in-process (endpoints 0 and 1, and a trusted dealer as endpoint 2
/// for the inner source), one thread each: the harness of the benchmark and the tests.
/// </summary>
/// <remarks>Thread-safety: each call is independent.</remarks>
internal static class InProcessPair
{
    /// <summary>Runs <paramref name="body"/> on both parties; returns each party's result or error.</summary>
    public static (T?[] Results, Exception?[] Errors) Run<T>(
        Func<int, HeTripleSource, IMpcTransport, T> body, HeTripleOptions? options = null, TimeSpan? timeout = null,
        Func<int, IMpcTransport, IMpcTransport>? wrap = null)
    {
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(60);
        var network = new InProcessNetwork(3, limit);
        var dealer = new Thread(() =>
        {
            try
            {
                new DealerService(network[2], 2, limit).Run();
            }
            catch (MpcProtocolException)
            {
                // A party failed; the test looks at the parties' errors.
            }
        });
        dealer.Start();
        var results = new T?[2];
        var errors = new Exception?[2];
        var threads = new Thread[2];
        for (int p = 0; p < 2; p++)
        {
            int party = p;
            threads[p] = new Thread(() =>
            {
                IMpcTransport transport = wrap is null ? network[party] : wrap(party, network[party]);
                try
                {
                    var inner = DealerTripleSource.Connect(transport, party, 2);
                    HeTripleSource source;
                    try
                    {
                        source = HeTripleSource.Connect(transport, party, inner, options);
                    }
                    catch
                    {
                        inner.Dispose();
                        throw;
                    }

                    using (source)
                    {
                        results[party] = body(party, source, transport);
                    }
                }
                catch (Exception ex)
                {
                    errors[party] = ex;
                    transport.Abort(ex.Message);
                }
            });
            threads[p].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        dealer.Join(limit);
        return (results, errors);
    }

    /// <summary>Runs <paramref name="body"/> on both parties and returns the results, or throws the first error.</summary>
    /// <exception cref="AggregateException">A party failed.</exception>
    public static T[] RunOrThrow<T>(Func<int, HeTripleSource, IMpcTransport, T> body, HeTripleOptions? options = null)
    {
        var (results, errors) = Run(body, options);
        if (errors.Any(e => e is not null))
        {
            throw new AggregateException(errors.Where(e => e is not null).Select(e => e!));
        }

        return results.Select(r => r!).ToArray();
    }
}

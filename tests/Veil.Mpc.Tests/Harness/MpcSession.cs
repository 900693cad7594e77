using Veil.Mpc.Preprocessing;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Tests.Harness;

/// <summary>
/// Runs one computation on every party of a session with a dealer, each on its own thread, and returns each
/// party's result. A party that throws aborts its transport, as a real party process does.
/// </summary>
internal static class MpcSession
{
    public static readonly TimeSpan DefaultReceiveTimeout = TimeSpan.FromSeconds(20);

    public static T[] Run<T>(int parties, Func<MpcContext, T> compute, TransportKind kind = TransportKind.InProcess, int fractionalBits = 16)
    {
        var outcome = RunAll(parties, compute, kind, fractionalBits, DefaultReceiveTimeout);
        var failure = outcome.Errors.FirstOrDefault(e => e is not null);
        if (failure is not null)
        {
            throw new AggregateException("A party failed.", outcome.Errors.Where(e => e is not null)!);
        }

        return outcome.Results;
    }

    /// <summary>Runs the session and reports every endpoint's result or error (the dealer is the last endpoint).</summary>
    public static (T[] Results, Exception?[] Errors, TimeSpan[] Finished) RunAll<T>(
        int parties, Func<MpcContext, T> compute, TransportKind kind, int fractionalBits, TimeSpan receiveTimeout,
        Func<int, IMpcTransport, IMpcTransport>? wrap = null)
    {
        var create = TestNetwork.Factory(kind, parties + 1, receiveTimeout);
        Func<int, IMpcTransport> factory = wrap is null ? create : id => wrap(id, create(id));
        var results = new T[parties];
        var errors = new Exception?[parties + 1];
        var finished = new TimeSpan[parties + 1];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var threads = new List<Thread>();
        for (int id = 0; id <= parties; id++)
        {
            int me = id;
            var thread = new Thread(() =>
            {
                try
                {
                    using IMpcTransport transport = factory(me);
                    try
                    {
                        if (me == parties)
                        {
                            new DealerService(transport, parties, receiveTimeout).Run();
                            return;
                        }

                        var context = MpcContext.CreateWithDealer(transport, me, parties, new FixedPointFormat(fractionalBits));
                        try
                        {
                            results[me] = compute(context);
                        }
                        catch (Exception ex)
                        {
                            // Abort before the context's disposal, so party 0 does not tell the dealer the session ended well.
                            context.Abort(ex.Message);
                            throw;
                        }
                        finally
                        {
                            context.Dispose();
                        }
                    }
                    catch (Exception ex)
                    {
                        transport.Abort(ex.Message);
                        throw;
                    }
                }
                catch (Exception ex)
                {
                    errors[me] = ex;
                }
                finally
                {
                    finished[me] = clock.Elapsed;
                }
            })
            { IsBackground = true, Name = me == parties ? "dealer" : $"party{me}" };
            threads.Add(thread);
            thread.Start();
        }

        foreach (var thread in threads)
        {
            if (!thread.Join(TimeSpan.FromSeconds(120)))
            {
                throw new TimeoutException($"{thread.Name} hung.");
            }
        }

        return (results, errors, finished);
    }
}

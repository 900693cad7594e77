using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Veil.Mpc.Preprocessing;
using Veil.Mpc.Transport;
using Veil.Security;

namespace Veil.Mpc.Deployment;

/// <summary>
/// Runs every endpoint of a session (the parties and the dealer) on its own thread of this process, over in-process
/// queues or over loopback TCP with TLS and fresh certificates: for tests, benchmarks and single-machine
/// demonstrations. A party that throws aborts its links before its context is disposed, as a party process does,
/// so the others fail at once.
/// </summary>
/// <remarks>Thread-safety: each call runs its own session.</remarks>
public static class LocalSession
{
    /// <summary>Runs <paramref name="compute"/> on every party and reports each endpoint's outcome (the dealer is the last).</summary>
    /// <exception cref="TimeoutException">An endpoint's thread did not finish within the options' overall limit (a bug: the transports time out first).</exception>
    public static LocalSessionOutcome<T> Run<T>(int parties, Func<MpcContext, T> compute, LocalSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(compute);
        ArgumentNullException.ThrowIfNull(options);
        Guard.InRange(parties, 2, 63);
        bool dealer = options.Preprocessing is null;
        Func<int, IMpcTransport> factory = Network(dealer ? parties + 1 : parties, options);
        if (options.WrapTransport is { } wrap)
        {
            var inner = factory;
            factory = id => wrap(id, inner(id));
        }

        var results = new T[parties];
        var errors = new Exception?[parties + 1];
        var finished = new TimeSpan[parties + 1];
        var clock = Stopwatch.StartNew();
        var threads = new Thread[dealer ? parties + 1 : parties];
        for (int id = 0; id < threads.Length; id++)
        {
            int me = id;
            threads[id] = new Thread(() =>
            {
                try
                {
                    using IMpcTransport transport = factory(me);
                    if (me == parties)
                    {
                        new DealerService(transport, parties, options.ReceiveTimeout).Run();
                    }
                    else
                    {
                        results[me] = RunParty(transport, me, parties, options, compute);
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
            { IsBackground = true, Name = me == parties ? "veil-mpc dealer" : $"veil-mpc party{me}" };
            threads[id].Start();
        }

        foreach (var thread in threads)
        {
            if (!thread.Join(options.OverallLimit))
            {
                throw new TimeoutException($"{thread.Name} did not finish within {options.OverallLimit}.");
            }
        }

        return new LocalSessionOutcome<T>(results, errors, finished);
    }

    private static T RunParty<T>(IMpcTransport transport, int id, int parties, LocalSessionOptions options, Func<MpcContext, T> compute)
    {
        MpcContext context;
        ITripleSource? triples = null;
        try
        {
            triples = options.Preprocessing is { } make ? make(transport, id) : DealerTripleSource.Connect(transport, id, parties);
            if (options.WrapTriples is { } wrap)
            {
                triples = wrap(id, triples);
            }

            context = MpcContext.Create(transport, id, parties, triples, new FixedPointFormat(options.FractionalBits));
        }
        catch (Exception ex)
        {
            triples?.Dispose();
            transport.Abort(ex.Message);
            throw;
        }

        try
        {
            return compute(context);
        }
        catch (Exception ex)
        {
            // Before the disposal: party 0 must not tell the dealer that the session ended well.
            context.Abort(ex.Message);
            throw;
        }
        finally
        {
            context.Dispose();
        }
    }

    private static Func<int, IMpcTransport> Network(int endpoints, LocalSessionOptions options)
    {
        if (!options.UseTls)
        {
            var network = new InProcessNetwork(endpoints, options.ReceiveTimeout);
            return id => network[id];
        }

        var certificates = Enumerable.Range(0, endpoints)
            .Select(id => PinnedCertificates.Create(id == endpoints - 1 ? "dealer" : $"party{id}", TimeSpan.FromDays(1)))
            .ToArray();
        var addresses = Enumerable.Range(0, endpoints)
            .Select(id => new TlsEndpoint(id, certificates[id].GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false),
                "127.0.0.1", FreeLoopbackPort(), TlsTransport.Pin(certificates[id])))
            .ToArray();
        var transportOptions = new TransportOptions { ConnectTimeout = options.ConnectTimeout, ReceiveTimeout = options.ReceiveTimeout };
        return id => TlsTransport.Connect(addresses, id, certificates[id], transportOptions);
    }

    /// <summary>A TCP port on the loopback interface that was free a moment ago.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>How <see cref="LocalSession.Run"/> connects the endpoints.</summary>
public sealed record LocalSessionOptions
{
    /// <summary>Loopback TCP with TLS (true) or in-process queues (false).</summary>
    public bool UseTls { get; init; }

    /// <summary>Fixed-point fractional bits.</summary>
    public int FractionalBits { get; init; } = FixedPointFormat.DefaultFractionalBits;

    /// <summary>The receive timeout of every endpoint (and the dealer's idle timeout).</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The TLS connect timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long to wait for every thread before declaring a hang.</summary>
    public TimeSpan OverallLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Wraps each endpoint's transport (for instance to record what it receives), or null.</summary>
    public Func<int, IMpcTransport, IMpcTransport>? WrapTransport { get; init; }

    /// <summary>
    /// Makes each party's dealer-free preprocessing from its transport and id (e.g. oblivious transfer), or null for a
    /// trusted dealer. Without a dealer the session has no dealer endpoint, and the outcome's dealer slot stays empty.
    /// </summary>
    public Func<IMpcTransport, int, ITripleSource>? Preprocessing { get; init; }

    /// <summary>Wraps each party's preprocessing source (for instance to audit what it hands out), or null.</summary>
    public Func<int, ITripleSource, ITripleSource>? WrapTriples { get; init; }
}

/// <summary>What each endpoint of a <see cref="LocalSession"/> produced.</summary>
/// <param name="Results">Each party's result (default where it failed).</param>
/// <param name="Errors">Each endpoint's error or null; the dealer's is last.</param>
/// <param name="Finished">When each endpoint finished, from the session's start.</param>
public sealed record LocalSessionOutcome<T>(T[] Results, Exception?[] Errors, TimeSpan[] Finished)
{
    /// <summary>The parties' results, or an <see cref="AggregateException"/> of every endpoint's error.</summary>
    /// <exception cref="AggregateException">An endpoint failed.</exception>
    public T[] ResultsOrThrow() =>
        Errors.Any(e => e is not null) ? throw new AggregateException("An endpoint of the session failed.", Errors.OfType<Exception>()) : Results;
}

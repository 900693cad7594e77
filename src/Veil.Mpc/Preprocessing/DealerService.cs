using System.Diagnostics;
using System.Runtime.InteropServices;
using Veil.IO;
using Veil.Mpc.Transport;
using Veil.Random;

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// The trusted dealer of a session, run as its own endpoint (id = party count): it gives each party a fresh seed,
/// then serves party 0's preprocessing requests in order. For each request it expands every party's seed exactly as
/// the parties do, computes the correlated values, and sends party 0 only the corrections for the derived components
/// (for a matrix triple, C's share: m x n words; A and B cost nothing). Parties 1 .. n-1 never hear from it again.
/// </summary>
/// <remarks>Thread-safety: <see cref="Run"/> runs the whole session on the calling thread; one call per instance.</remarks>
public sealed class DealerService
{
    private readonly IMpcTransport _transport;
    private readonly int _partyCount;
    private readonly TimeSpan _idleTimeout;

    /// <summary>Creates the dealer on <paramref name="transport"/> (whose local id must be <paramref name="partyCount"/>).</summary>
    /// <param name="transport">The dealer's endpoint.</param>
    /// <param name="partyCount">The number of compute parties.</param>
    /// <param name="idleTimeout">How long to wait for party 0's next request; parties may compute for a long time between requests.</param>
    /// <exception cref="ArgumentException">The transport's local id is not the dealer's.</exception>
    public DealerService(IMpcTransport transport, int partyCount, TimeSpan idleTimeout)
    {
        _transport = Guard.NotNull(transport);
        _partyCount = Guard.InRange(partyCount, 2, 63);
        Guard.IsTrue(transport.LocalId == partyCount && transport.EndpointCount == partyCount + 1, nameof(transport),
            "must be the dealer's endpoint (id = party count) of a session with a dealer");
        Guard.IsTrue(idleTimeout > TimeSpan.Zero, nameof(idleTimeout), "must be positive");
        _idleTimeout = idleTimeout;
    }

    /// <summary>Serves the session until party 0 says it is done.</summary>
    /// <returns>What the dealer served.</returns>
    /// <exception cref="PeerFailedException">Party 0 disconnected or went silent for longer than the idle timeout.</exception>
    /// <exception cref="MpcProtocolException">Party 0 sent a malformed request.</exception>
    public DealerReport Run()
    {
        var stopwatch = Stopwatch.StartNew();
        var parties = new AesCtrStream[_partyCount];
        try
        {
            for (int party = 0; party < _partyCount; party++)
            {
                byte[] seed = AesCtrPrg.NewSeed();
                parties[party] = new AesCtrStream(seed);
                DealerMessages.SendHello(_transport, party, _partyCount, seed);
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
            }

            var masks = new List<ulong[]>();
            long requests = 0, words = 0;
            while (true)
            {
                byte[] message = _transport.Receive(0, _idleTimeout);
                if (message.Length == 1 && message[0] == DealerMessages.Done)
                {
                    return new DealerReport(requests, words * sizeof(ulong), stopwatch.Elapsed);
                }

                if (message.Length == 0 || message[0] != DealerMessages.Request)
                {
                    throw new MpcProtocolException("Party 0 sent the dealer a message that is neither a request nor the end of the session.");
                }

                var reader = new PayloadReader(message.AsMemory(1), "a preprocessing request");
                CorrelationRequest request = CorrelationRequest.Read(reader);
                if (reader.Remaining != 0)
                {
                    throw new MpcProtocolException("A preprocessing request has trailing bytes.");
                }

                words += Serve(request, parties, masks);
                requests++;
            }
        }
        catch (Exception ex) when (ex is not PeerFailedException)
        {
            _transport.Abort(ex.Message);
            throw;
        }
        finally
        {
            foreach (var party in parties)
            {
                party?.Dispose();
            }
        }
    }

    private long Serve(CorrelationRequest request, IRandomSource[] parties, List<ulong[]> masks)
    {
        var builder = new DealerCorrelationBuilder(parties, masks);
        Correlations.Build(builder, request);
        long total = builder.Corrections.Sum(c => (long)c.Length);
        var message = new ulong[total];
        int offset = 0;
        foreach (ulong[] correction in builder.Corrections)
        {
            correction.CopyTo(message, offset);
            offset += correction.Length;
        }

        _transport.Send(0, MemoryMarshal.AsBytes(message.AsSpan()));
        return total;
    }
}

/// <summary>What a dealer served in one session.</summary>
/// <param name="Requests">Preprocessing requests served.</param>
/// <param name="BytesSent">Correction bytes sent to party 0 (frame headers excluded).</param>
/// <param name="Elapsed">Wall time from start to the end of the session.</param>
public sealed record DealerReport(long Requests, long BytesSent, TimeSpan Elapsed);

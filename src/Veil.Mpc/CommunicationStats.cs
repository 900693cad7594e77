using System.Diagnostics;
using Veil.Mpc.Transport;

namespace Veil.Mpc;

/// <summary>
/// Rounds, bytes and time per operation for one party. Protocol entry points open a <see cref="Measure"/> scope;
/// nested scopes (a max pool's comparisons) count towards the outermost one, so each byte is counted once.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use; it belongs to one party's protocol thread.</remarks>
public sealed class CommunicationStats
{
    private readonly IMpcTransport _transport;
    private readonly int _partyCount;
    private readonly Dictionary<string, OperationStats> _operations = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _rounds;
    private int _depth;

    internal CommunicationStats(IMpcTransport transport, int partyCount)
    {
        _transport = transport;
        _partyCount = partyCount;
    }

    /// <summary>The operations measured so far, by name.</summary>
    public IReadOnlyDictionary<string, OperationStats> Operations => _operations;

    /// <summary>Everything since the context was created, measured or not.</summary>
    public OperationStats Total => Snapshot("total");

    /// <summary>Starts measuring <paramref name="operation"/> until the returned scope is disposed.</summary>
    public Scope Measure(string operation) => new(this, operation);

    /// <summary>Counts one communication round of the online phase.</summary>
    internal void CountRound() => _rounds++;

    private OperationStats Snapshot(string name)
    {
        long sent = 0, received = 0, dealerSent = 0, dealerReceived = 0;
        TransportCounters counters = _transport.Counters;
        for (int peer = 0; peer < _transport.EndpointCount; peer++)
        {
            if (peer == _transport.LocalId)
            {
                continue;
            }

            if (peer < _partyCount)
            {
                sent += counters.SentTo(peer);
                received += counters.ReceivedFrom(peer);
            }
            else
            {
                dealerSent += counters.SentTo(peer);
                dealerReceived += counters.ReceivedFrom(peer);
            }
        }

        return new OperationStats(name, 1, _rounds, sent, received, dealerSent, dealerReceived, _clock.Elapsed);
    }

    /// <summary>A measurement in progress; dispose it to record the operation.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly CommunicationStats? _stats;
        private readonly OperationStats? _start;

        internal Scope(CommunicationStats stats, string operation)
        {
            _stats = stats;
            _start = stats._depth++ == 0 ? stats.Snapshot(operation) : null;
        }

        /// <summary>Records the operation (outermost scopes only).</summary>
        public void Dispose()
        {
            if (_stats is null)
            {
                return;
            }

            _stats._depth--;
            if (_start is null)
            {
                return;
            }

            OperationStats delta = _stats.Snapshot(_start.Name).Minus(_start) with { Calls = 1 };
            _stats._operations[_start.Name] = _stats._operations.TryGetValue(_start.Name, out var sum) ? sum.Plus(delta) : delta;
        }
    }
}

using Veil.IO;
using Veil.Mpc.Transport;
using Veil.Random;

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// One party's preprocessing from a trusted dealer (<see cref="DealerService"/>), in the style of CrypTen's trusted
/// third party: every party expands its shares from a seed it got from the dealer, and only party 0 receives
/// explicit corrections. Parties 1 .. n-1 never talk to the dealer after the hello, so their preprocessing costs no
/// communication at all.
/// </summary>
/// <remarks>
/// Requests are served on demand (party 0 makes one round trip to the dealer per protocol step), or ahead of the
/// online phase with <see cref="Prefetch"/>; <see cref="RecordedRequests"/> gives the list to prefetch.
/// Thread-safety: not safe for concurrent use; one per party thread.
/// </remarks>
public sealed class DealerTripleSource : ITripleSource
{
    private readonly IMpcTransport _transport;
    private readonly int _partyId;
    private readonly int _dealer;
    private readonly AesCtrStream _seeded;
    private readonly Queue<(CorrelationRequest Request, object Correlation)> _prefetched = new();
    private readonly List<CorrelationRequest> _recorded = [];
    private int _masks;
    private bool _disposed;

    private DealerTripleSource(IMpcTransport transport, int partyId, int partyCount, byte[] seed)
    {
        _transport = transport;
        _partyId = partyId;
        _dealer = partyCount;
        _seeded = new AesCtrStream(seed);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
    }

    /// <summary>The requests made so far, in order (prefetched ones included).</summary>
    public IReadOnlyList<CorrelationRequest> RecordedRequests => _recorded;

    /// <summary>Prefetched correlations not consumed yet.</summary>
    public int PrefetchedCount => _prefetched.Count;

    /// <summary>
    /// Waits for the dealer's hello on <paramref name="transport"/> (the dealer is endpoint <paramref name="partyCount"/>)
    /// and returns the party's source.
    /// </summary>
    /// <exception cref="PeerFailedException">The dealer did not answer.</exception>
    /// <exception cref="MpcProtocolException">The dealer's hello is malformed.</exception>
    /// <exception cref="ParameterMismatchException">The dealer serves another session size or protocol version.</exception>
    public static DealerTripleSource Connect(IMpcTransport transport, int partyId, int partyCount)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Guard.IsTrue(transport.EndpointCount == partyCount + 1 && transport.LocalId == partyId, nameof(transport),
            "must be this party's endpoint of a session with a dealer");
        byte[] seed = DealerMessages.ReceiveHello(transport, partyCount, partyId, partyCount);
        return new DealerTripleSource(transport, partyId, partyCount, seed);
    }

    /// <summary>
    /// Fetches and expands the correlations of <paramref name="requests"/> now, so that the online phase that asks for
    /// them in this order needs no dealer round trip. Every party must prefetch the same list.
    /// </summary>
    /// <exception cref="PeerFailedException">The dealer failed.</exception>
    public void Prefetch(IEnumerable<CorrelationRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var list = requests.ToList();
        if (_partyId == 0)
        {
            foreach (var request in list)
            {
                SendRequest(request);
            }
        }

        foreach (var request in list)
        {
            _prefetched.Enqueue((request, Expand(request)));
        }
    }

    /// <inheritdoc />
    public ArithmeticTriple Multiplication(int count) => Next<ArithmeticTriple>(CorrelationRequest.Multiplication(count));

    /// <inheritdoc />
    public SquarePair Square(int count) => Next<SquarePair>(CorrelationRequest.Square(count));

    /// <inheritdoc />
    public ArithmeticTriple MatMul(int m, int k, int n) => Next<ArithmeticTriple>(CorrelationRequest.MatMul(m, k, n));

    /// <inheritdoc />
    public ArithmeticTriple Conv2d(Conv2dShape shape) => Next<ArithmeticTriple>(CorrelationRequest.Conv2d(shape));

    /// <inheritdoc />
    public OperandMask Mask(int count)
    {
        var shares = Next<ulong[]>(CorrelationRequest.Mask(count));
        return new OperandMask(_masks++, shares);
    }

    /// <inheritdoc />
    public ArithmeticTriple MatMul(int m, int k, int n, OperandMask right)
    {
        ArgumentNullException.ThrowIfNull(right);
        Guard.LengthEquals(right.Count, k * n, nameof(right));
        return WithMask(Next<ArithmeticTriple>(CorrelationRequest.MatMulWithMask(m, k, n, right.Id)), right);
    }

    /// <inheritdoc />
    public ArithmeticTriple Conv2d(Conv2dShape shape, OperandMask kernel)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(kernel);
        Guard.LengthEquals(kernel.Count, shape.KernelCount, nameof(kernel));
        return WithMask(Next<ArithmeticTriple>(CorrelationRequest.Conv2dWithMask(shape, kernel.Id)), kernel);
    }

    /// <inheritdoc />
    public BinaryTriple And(int words) => Next<BinaryTriple>(CorrelationRequest.And(words));

    /// <inheritdoc />
    public TruncationPair Truncation(int count, int shift) => Next<TruncationPair>(CorrelationRequest.Truncation(count, shift));

    /// <inheritdoc />
    public ComparisonCorrelation Comparison(int count) => Next<ComparisonCorrelation>(CorrelationRequest.Comparison(count));

    /// <inheritdoc />
    public SelectionCorrelation Selection(int count, int vectors) => Next<SelectionCorrelation>(CorrelationRequest.Selection(count, vectors));

    /// <summary>Ends the session with the dealer (party 0 tells it so) and clears the seed.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_partyId == 0)
        {
            try
            {
                _transport.Send(_dealer, [DealerMessages.Done]);
            }
            catch (PeerFailedException)
            {
                // The dealer is gone already; nothing to end.
            }
        }

        _seeded.Dispose();
    }

    private T Next<T>(CorrelationRequest request)
        where T : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_prefetched.Count > 0)
        {
            var (expected, correlation) = _prefetched.Dequeue();
            if (!expected.Equals(request))
            {
                throw new MpcProtocolException($"The protocol asked for {request} where {expected} was prefetched: the prefetch list does not match the computation.");
            }

            return (T)correlation;
        }

        if (_partyId == 0)
        {
            SendRequest(request);
        }

        return (T)Expand(request);
    }

    /// <summary>A fixed-mask triple with the party's mask share as B (shared, not copied: triples are read-only).</summary>
    private static ArithmeticTriple WithMask(ArithmeticTriple triple, OperandMask mask) => triple.WithB(mask.Array);

    private void SendRequest(CorrelationRequest request)
    {
        var writer = new PayloadWriter(64);
        writer.WriteByte(DealerMessages.Request);
        request.Write(writer);
        _transport.Send(_dealer, writer.WrittenSpan);
        _recorded.Add(request);
    }

    private object Expand(CorrelationRequest request)
    {
        if (_partyId != 0)
        {
            _recorded.Add(request);
            return Correlations.Build(new PartyCorrelationBuilder(_seeded, receivesCorrections: false, []), request);
        }

        byte[] message = _transport.Receive(_dealer);
        if (message.Length % sizeof(ulong) != 0)
        {
            throw new MpcProtocolException($"The dealer sent {message.Length} bytes, not a whole number of words.");
        }

        var builder = new PartyCorrelationBuilder(_seeded, receivesCorrections: true, message);
        object correlation = Correlations.Build(builder, request);
        builder.EnsureAllConsumed();
        return correlation;
    }
}

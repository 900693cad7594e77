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
/// Requests are served on demand (party 0 makes one round trip to the dealer per protocol step), ahead of the
/// online phase with <see cref="Prefetch"/>, or asked for ahead and taken when needed with <see cref="RequestAhead"/>
/// (the dealer then computes while the parties do); <see cref="RecordedRequests"/> gives the list.
/// Thread-safety: not safe for concurrent use; one per party thread.
/// </remarks>
public sealed class DealerTripleSource : IPrefetchingTripleSource
{
    private readonly IMpcTransport _transport;
    private readonly int _partyId;
    private readonly int _dealer;
    private readonly AesCtrStream _seeded;
    private readonly Queue<(CorrelationRequest Request, object Correlation)> _prefetched = new();
    private readonly List<CorrelationRequest> _recorded = [];
    private readonly Queue<CorrelationRequest> _requested = new();
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

    /// <summary>Correlations asked for ahead (<see cref="RequestAhead"/>) and not taken yet.</summary>
    public int RequestedCount => _requested.Count;

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
    /// <exception cref="InvalidOperationException">Correlations requested ahead are not all taken yet.</exception>
    public void Prefetch(IEnumerable<CorrelationRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (_requested.Count > 0)
        {
            throw new InvalidOperationException("Correlations requested ahead are still outstanding; prefetch after they are taken.");
        }

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

    /// <summary>
    /// Asks the dealer for the correlations of <paramref name="requests"/> now without waiting for them: party 0 sends
    /// the requests, the dealer computes and sends its corrections while the parties go on computing, and each
    /// correlation is expanded when the protocol asks for it (in this order, after any prefetched or earlier requested
    /// ones). Every party must request the same list. The dealer's work then overlaps the online phase of what comes
    /// before, e.g. the next training step's preprocessing with the current step.
    /// </summary>
    /// <exception cref="PeerFailedException">The dealer failed.</exception>
    public void RequestAhead(IEnumerable<CorrelationRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var request in requests)
        {
            if (_partyId == 0)
            {
                SendRequest(request);
            }

            _requested.Enqueue(request);
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
    public LinearTrainingTriple LinearTraining(int m, int k, int n, bool inputGradient) =>
        Next<LinearTrainingTriple>(CorrelationRequest.LinearTraining(m, k, n, inputGradient));

    /// <inheritdoc />
    public BinaryTriple And(int words) => Next<BinaryTriple>(CorrelationRequest.And(words));

    /// <inheritdoc />
    public TruncationPair Truncation(int count, int shift) => Next<TruncationPair>(CorrelationRequest.Truncation(count, shift));

    /// <inheritdoc />
    public ComparisonCorrelation Comparison(int count) => Next<ComparisonCorrelation>(CorrelationRequest.Comparison(count));

    /// <inheritdoc />
    public bool ProvidesWideComparison => true;

    /// <inheritdoc />
    public WideComparisonCorrelation WideComparison(int count) => Next<WideComparisonCorrelation>(CorrelationRequest.WideComparison(count));

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

        if (_requested.Count > 0)
        {
            CorrelationRequest expected = _requested.Dequeue();
            if (!expected.Equals(request))
            {
                throw new MpcProtocolException($"The protocol asked for {request} where {expected} was requested ahead: the list does not match the computation.");
            }

            return (T)Expand(request);
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

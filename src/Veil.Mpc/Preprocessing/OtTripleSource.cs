using System.Security.Cryptography;
using Veil.IO;
using Veil.Mpc.Preprocessing.Ot;
using Veil.Mpc.Transport;
using Veil.Random;

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// One of two parties' preprocessing made by the two parties themselves, with no dealer: semi-honest, in the style of
/// MASCOT / SPDZ2k's semi-honest "semi2k". Base OTs (Chou–Orlandi over P-256) set up two IKNP OT extensions, one
/// with each party as sender; Gilboa products over correlated OTs give the cross terms of every product of the two
/// parties' shares, and random OTs give AND triples. Every kind has exactly the meaning
/// <see cref="DealerTripleSource"/> gives it (<see cref="Correlations"/>), so the protocols run on it unchanged.
/// </summary>
/// <remarks>
/// Each call costs two message flights each way; <see cref="Prefetch"/> makes a whole list of correlations in one
/// batch (split only past <see cref="BatchBytes"/>), which is what makes it fast. Each party learns its own shares
/// and nothing else as long as the other follows the protocol; see docs/mpc.md for the costs and assumptions.
/// Thread-safety: not safe for concurrent use; one per party thread.
/// </remarks>
public sealed class OtTripleSource : IPrefetchingTripleSource
{
    /// <summary>Estimated traffic each way above which a list is split into further batches.</summary>
    public const long BatchBytes = 256L << 20;

    private readonly OtSession _session;
    private readonly OtPlanner _planner;
    private readonly OwnedCorrelations _owned;
    private readonly List<OtMask> _masks = [];
    private readonly Queue<(CorrelationRequest Request, object Correlation)> _prefetched = new();
    private readonly List<CorrelationRequest> _recorded = [];
    private readonly Queue<CorrelationRequest> _requested = new();
    private int _maskCount;
    private bool _disposed;
    private bool _broken;

    private OtTripleSource(OtSession session, IMpcTransport transport, int partyId, IRandomSource random)
    {
        _session = session;
        _planner = new OtPlanner(partyId, random, _masks);
        _owned = new OwnedCorrelations(session, transport, partyId, random);
    }

    /// <summary>The requests made so far, in order (prefetched ones included).</summary>
    public IReadOnlyList<CorrelationRequest> RecordedRequests => _recorded;

    /// <summary>Prefetched correlations not consumed yet.</summary>
    public int PrefetchedCount => _prefetched.Count;

    /// <summary>Correlations asked for ahead (<see cref="RequestAhead"/>) and not made yet.</summary>
    public int RequestedCount => _requested.Count;

    /// <summary>
    /// Runs the base OTs and sets up both OT extensions with the other party: endpoint 1 − <paramref name="partyId"/>
    /// of <paramref name="transport"/>.
    /// </summary>
    /// <param name="transport">This party's endpoint; the parties are endpoints 0 and 1.</param>
    /// <param name="partyId">0 or 1.</param>
    /// <param name="random">The source of this party's secrets; the operating system's generator when null.</param>
    /// <exception cref="ArgumentException">The party is not 0 or 1, or the transport is not its endpoint.</exception>
    /// <exception cref="PeerFailedException">The peer failed, disconnected or went silent past the receive timeout.</exception>
    /// <exception cref="MpcProtocolException">The peer sent a malformed message.</exception>
    public static OtTripleSource Connect(IMpcTransport transport, int partyId, IRandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (partyId is not (0 or 1))
        {
            throw new ArgumentException($"Oblivious-transfer preprocessing is for two parties, 0 and 1, not party {partyId}.", nameof(partyId));
        }

        if (transport.LocalId != partyId || transport.EndpointCount < 2)
        {
            throw new ArgumentException("The transport must be this party's endpoint of a session with parties 0 and 1.", nameof(transport));
        }

        random ??= new CryptoRandom();
        return new OtTripleSource(OtSession.Establish(transport, partyId, random), transport, partyId, random);
    }

    /// <summary>
    /// Makes the correlations of <paramref name="requests"/> now, in one batch (two message flights each way) or a
    /// few for very large lists, so that the online phase that asks for them in this order talks to no one for its
    /// preprocessing. Both parties must prefetch the same list.
    /// </summary>
    /// <exception cref="InvalidOperationException">Correlations requested ahead are not all taken yet, or an earlier batch failed.</exception>
    /// <exception cref="PeerFailedException">The peer failed.</exception>
    /// <exception cref="MpcProtocolException">The peer prefetched another list or sent a malformed message.</exception>
    /// <exception cref="ObjectDisposedException">The source is disposed.</exception>
    public void Prefetch(IEnumerable<CorrelationRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_requested.Count > 0)
        {
            throw new InvalidOperationException("Correlations requested ahead are still outstanding; prefetch after they are taken.");
        }

        Generate(requests.ToList());
    }

    /// <summary>
    /// Asks for the correlations of <paramref name="requests"/> ahead: they are made together, in one batch, when the
    /// protocol asks for the first of them (after any prefetched ones), and then taken in this order. Both parties
    /// must request the same list.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The source is disposed.</exception>
    public void RequestAhead(IEnumerable<CorrelationRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var request in requests)
        {
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
    public OperandMask Mask(int count) => new(_maskCount++, Next<ulong[]>(CorrelationRequest.Mask(count)));

    /// <summary>
    /// A fixed mask held by party <paramref name="knownTo"/> alone: its share is uniform, drawn locally, and the
    /// other party's is zero, so each product with it takes one Gilboa cross term instead of two. For operands that
    /// party knows in the clear only (see <see cref="ITripleSource.Mask(int, int)"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="knownTo"/> is not 0 or 1.</exception>
    /// <exception cref="PeerFailedException">The peer failed.</exception>
    /// <exception cref="MpcProtocolException">The peer asked for another mask or sent a malformed message.</exception>
    /// <exception cref="ObjectDisposedException">The source is disposed.</exception>
    public OperandMask Mask(int count, int knownTo)
    {
        Guard.InRange(knownTo, 0, 1);
        return new(_maskCount++, Next<ulong[]>(CorrelationRequest.Mask(count, knownTo)));
    }

    /// <inheritdoc />
    public ArithmeticTriple MatMul(int m, int k, int n, OperandMask right)
    {
        ArgumentNullException.ThrowIfNull(right);
        Guard.LengthEquals(right.Count, k * n, nameof(right));
        return Next<ArithmeticTriple>(CorrelationRequest.MatMulWithMask(m, k, n, right.Id)).WithB(right.Array);
    }

    /// <inheritdoc />
    public ArithmeticTriple Conv2d(Conv2dShape shape, OperandMask kernel)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(kernel);
        Guard.LengthEquals(kernel.Count, shape.KernelCount, nameof(kernel));
        return Next<ArithmeticTriple>(CorrelationRequest.Conv2dWithMask(shape, kernel.Id)).WithB(kernel.Array);
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
    public SelectionCorrelation Selection(int count, int vectors) => Next<SelectionCorrelation>(CorrelationRequest.Selection(count, vectors));

    /// <inheritdoc />
    public bool ProvidesOwnedProducts => true;

    /// <inheritdoc />
    public OwnedOperand SetUpOwnedOperand(int owner, TensorShape shape, ReadOnlySpan<ulong> weights, int fractionalBits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _owned.SetUp(owner, shape, weights, fractionalBits);
    }

    /// <inheritdoc />
    public OwnedProductCorrelation OwnedMatMul(int m, OwnedOperand right)
    {
        ArgumentNullException.ThrowIfNull(right);
        Guard.IsTrue(right.Shape.Rank == 2, nameof(right), "must be a matrix");
        return Next<OwnedProductCorrelation>(CorrelationRequest.OwnedMatMul(m, right.Shape[0], right.Shape[1], right.Id));
    }

    /// <inheritdoc />
    public OwnedProductCorrelation OwnedConv2d(Conv2dShape shape, OwnedOperand kernel)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(kernel);
        Guard.IsTrue(kernel.Shape.Equals(shape.KernelShape), nameof(kernel), "must have the convolution's kernel shape");
        return Next<OwnedProductCorrelation>(CorrelationRequest.OwnedConv2d(shape, kernel.Id));
    }

    /// <summary>
    /// Clears the extensions' key material (base-OT keys, the choice string s, the column streams' key schedules) and
    /// forgets the fixed masks, whose shares belong to the <see cref="OperandMask"/>s handed out. The transport is the caller's.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session.Dispose();
        _owned.Dispose();
        _masks.Clear();
    }

    private T Next<T>(CorrelationRequest request)
        where T : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_prefetched.Count == 0)
        {
            if (_requested.Count > 0)
            {
                var ahead = _requested.ToList();
                _requested.Clear();
                Generate(ahead);
            }
            else
            {
                Generate([request]);
            }
        }

        var (expected, correlation) = _prefetched.Dequeue();
        if (!expected.Equals(request))
        {
            throw new MpcProtocolException($"The protocol asked for {request} where {expected} was made ahead: the list does not match the computation.");
        }

        return (T)correlation;
    }

    /// <summary>
    /// Plans the requests into batches of about <see cref="BatchBytes"/>, runs each, and queues the results. A batch
    /// that fails leaves the extensions out of step with the peer's, so the source refuses further work.
    /// </summary>
    private void Generate(List<CorrelationRequest> requests)
    {
        if (_broken)
        {
            throw new InvalidOperationException("An earlier batch of this source failed; its OT extensions are out of step with the peer's.");
        }

        try
        {
            GenerateBatches(requests);
        }
        catch
        {
            _broken = true;
            throw;
        }
    }

    private void GenerateBatches(List<CorrelationRequest> requests)
    {
        int start = 0;
        while (start < requests.Count)
        {
            var batch = new CotBatch();
            var finishes = new List<Func<object>>();
            int end = start;
            do
            {
                finishes.Add(OwnedCorrelations.Handles(requests[end]) ? _owned.Plan(requests[end]) : _planner.Plan(requests[end], batch));
                end++;
            }
            while (end < requests.Count && batch.EstimatedBytes < BatchBytes);

            _session.Run(batch, Digest(requests, start, end));
            _owned.Exchange();
            for (int i = start; i < end; i++)
            {
                _recorded.Add(requests[i]);
                _prefetched.Enqueue((requests[i], finishes[i - start]()));
            }

            start = end;
        }
    }

    private static byte[] Digest(List<CorrelationRequest> requests, int start, int end)
    {
        var writer = new PayloadWriter(64);
        for (int i = start; i < end; i++)
        {
            requests[i].Write(writer);
        }

        return SHA256.HashData(writer.WrittenSpan);
    }
}

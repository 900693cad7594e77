using Veil.Mpc.Preprocessing;
using Veil.Mpc.Transport;
using Veil.Random;

namespace Veil.Mpc.He;

/// <summary>
/// Dealer-free preprocessing for two parties from lattice homomorphic encryption (Cheetah / SPDZ-LowGear style,
/// semi-honest): the linear correlations — matrix and convolution triples, fixed masks and their triples, and linear
/// training triples — are produced by two-party linear HE between endpoints 0 and 1; every other kind is delegated to
/// an inner <see cref="ITripleSource"/>.
/// </summary>
/// <remarks>
/// Each party samples its own shares A_p, B_p; C = A0·B0 + A1·B1 + cross(A0, B1) + cross(A1, B0), and each cross term
/// L_p·R_(1−p) is computed by the holder of L_p on the other party's encryption of R_(1−p) under that party's own RLWE
/// secret key (plaintext modulus t = 2^64, coefficient encoding, plaintext-ciphertext products only), returned masked,
/// re-randomized, noise-flooded and modulus-switched (see <see cref="HeTripleOptions"/> for parameters and the noise
/// budget). A fixed mask's ciphertexts are uploaded at its first use (when the product's shape, which fixes their
/// layout, is known) and reused by every later triple, which then costs only replies.
/// Requests are served on demand (two messages each way per correlation), together with <see cref="Prefetch"/>, or
/// queued with <see cref="RequestAhead"/> and produced together when the first of them is asked for.
/// Thread-safety: not safe for concurrent use; one per party thread.
/// </remarks>
public sealed class HeTripleSource : IPrefetchingTripleSource
{
    private const byte HelloTag = 0x48, Version = 1;
    private readonly IMpcTransport _transport;
    private readonly ITripleSource _inner;
    private readonly LocalKey _key;
    private readonly HeExchange _exchange;
    private readonly CryptoRandom _random = new();
    private readonly Queue<(CorrelationRequest Request, object Correlation)> _ready = new();
    private readonly Queue<CorrelationRequest> _ahead = new();
    private readonly List<CorrelationRequest> _recorded = [];
    private readonly List<OperandMask> _masks = [];
    private readonly Queue<OperandMask> _readyMasks = new();
    private bool _disposed;

    private HeTripleSource(IMpcTransport transport, ITripleSource inner, LocalKey key, HeExchange exchange, HeTripleOptions options)
    {
        _transport = transport;
        _inner = inner;
        _key = key;
        _exchange = exchange;
        Options = options;
    }

    /// <summary>The lattice parameters in use.</summary>
    public HeTripleOptions Options { get; }

    /// <summary>The requests served so far, in the order the protocol asked for them (prefetched ones when taken).</summary>
    public IReadOnlyList<CorrelationRequest> RecordedRequests => _recorded;

    /// <summary>
    /// Creates party <paramref name="partyId"/>'s source: generates its RLWE key pair, and exchanges parameters and
    /// public keys with the other party (endpoint 1 − partyId).
    /// </summary>
    /// <param name="transport">This party's endpoint; the HE source talks to the other of endpoints 0 and 1 only.</param>
    /// <param name="partyId">0 or 1.</param>
    /// <param name="inner">The source of every non-linear kind; this source disposes it.</param>
    /// <param name="options">The parameters (the same on both parties); <see cref="HeTripleOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The options are insecure or invalid, or the transport is not this party's.</exception>
    /// <exception cref="ParameterMismatchException">The parties' options differ.</exception>
    /// <exception cref="PeerFailedException">The peer did not answer.</exception>
    /// <exception cref="MpcProtocolException">The peer's hello is malformed.</exception>
    public static HeTripleSource Connect(IMpcTransport transport, int partyId, ITripleSource inner, HeTripleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(inner);
        Guard.InRange(partyId, 0, 1);
        Guard.IsTrue(transport.LocalId == partyId && transport.EndpointCount >= 2, nameof(transport), "must be this party's endpoint");
        options ??= HeTripleOptions.Default;
        var ring = new HeRing(options);
        var key = new LocalKey(ring);
        int peer = 1 - partyId;
        try
        {
            var hello = new WireWriter();
            WriteHello(hello, ring);
            key.WritePublicKey(hello);
            transport.Send(peer, hello.Written);
            byte[] message = transport.Receive(peer);
            var reader = new WireReader(message);
            CheckHello(ref reader, ring);
            PeerEvaluator evaluator = PeerEvaluator.ReadPublicKey(ring, ref reader);
            reader.EnsureEnd();
            return new HeTripleSource(transport, inner, key, new HeExchange(transport, peer, ring, key, evaluator), options);
        }
        catch (Exception ex)
        {
            key.Dispose();
            AbortOnGarbage(transport, ex);
            throw;
        }
    }

    /// <summary>
    /// Produces the correlations of <paramref name="requests"/> now, the linear ones in one exchange (two messages each
    /// way), so that an online phase asking for them in this order needs no preprocessing traffic; the others are
    /// prefetched from the inner source when it can prefetch (<see cref="IPrefetchingTripleSource"/>). Both parties must prefetch the same list.
    /// </summary>
    /// <exception cref="PeerFailedException">The peer failed.</exception>
    /// <exception cref="MpcProtocolException">The peer sent a malformed message, or a request names an unknown mask.</exception>
    /// <exception cref="InvalidOperationException">Correlations requested ahead are not all taken yet.</exception>
    public void Prefetch(IEnumerable<CorrelationRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ahead.Count > 0)
        {
            throw new InvalidOperationException("Correlations requested ahead are still outstanding; prefetch after they are taken.");
        }

        var list = requests.ToList();
        var others = list.Where(r => !IsLinear(r.Kind)).ToList();
        if (others.Count > 0 && _inner is IPrefetchingTripleSource inner)
        {
            inner.Prefetch(others);
        }

        Produce(list.Where(r => IsLinear(r.Kind)).ToList());
    }

    /// <summary>
    /// Queues <paramref name="requests"/>: the linear ones are produced together, in one exchange, when the protocol
    /// asks for the first of them; the others are asked of the inner source ahead when it can be (<see cref="IPrefetchingTripleSource"/>).
    /// Both parties must request the same list.
    /// </summary>
    /// <exception cref="PeerFailedException">The inner source's dealer failed.</exception>
    public void RequestAhead(IEnumerable<CorrelationRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var list = requests.ToList();
        var others = list.Where(r => !IsLinear(r.Kind)).ToList();
        if (others.Count > 0 && _inner is IPrefetchingTripleSource inner)
        {
            inner.RequestAhead(others);
        }

        foreach (var request in list.Where(r => IsLinear(r.Kind)))
        {
            _ahead.Enqueue(request);
        }
    }

    /// <inheritdoc />
    public ArithmeticTriple MatMul(int m, int k, int n) => Next<ArithmeticTriple>(CorrelationRequest.MatMul(m, k, n));

    /// <inheritdoc />
    public ArithmeticTriple Conv2d(Conv2dShape shape) => Next<ArithmeticTriple>(CorrelationRequest.Conv2d(shape));

    /// <inheritdoc />
    public OperandMask Mask(int count) => Next<OperandMask>(CorrelationRequest.Mask(count));

    /// <inheritdoc />
    public ArithmeticTriple MatMul(int m, int k, int n, OperandMask right)
    {
        ArgumentNullException.ThrowIfNull(right);
        Guard.LengthEquals(right.Count, k * n, nameof(right));
        return Next<ArithmeticTriple>(CorrelationRequest.MatMulWithMask(m, k, n, right.Id));
    }

    /// <inheritdoc />
    public ArithmeticTriple Conv2d(Conv2dShape shape, OperandMask kernel)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(kernel);
        Guard.LengthEquals(kernel.Count, shape.KernelCount, nameof(kernel));
        return Next<ArithmeticTriple>(CorrelationRequest.Conv2dWithMask(shape, kernel.Id));
    }

    /// <inheritdoc />
    public LinearTrainingTriple LinearTraining(int m, int k, int n, bool inputGradient) =>
        Next<LinearTrainingTriple>(CorrelationRequest.LinearTraining(m, k, n, inputGradient));

    /// <inheritdoc />
    public ArithmeticTriple Multiplication(int count) => Delegate(CorrelationRequest.Multiplication(count), () => _inner.Multiplication(count));

    /// <inheritdoc />
    public SquarePair Square(int count) => Delegate(CorrelationRequest.Square(count), () => _inner.Square(count));

    /// <inheritdoc />
    public BinaryTriple And(int words) => Delegate(CorrelationRequest.And(words), () => _inner.And(words));

    /// <inheritdoc />
    public TruncationPair Truncation(int count, int shift) => Delegate(CorrelationRequest.Truncation(count, shift), () => _inner.Truncation(count, shift));

    /// <inheritdoc />
    public ComparisonCorrelation Comparison(int count) => Delegate(CorrelationRequest.Comparison(count), () => _inner.Comparison(count));

    /// <inheritdoc />
    public bool ProvidesWideComparison => _inner.ProvidesWideComparison;

    /// <inheritdoc />
    public WideComparisonCorrelation WideComparison(int count) => Delegate(CorrelationRequest.WideComparison(count), () => _inner.WideComparison(count));

    /// <inheritdoc />
    public SelectionCorrelation Selection(int count, int vectors) => Delegate(CorrelationRequest.Selection(count, vectors), () => _inner.Selection(count, vectors));

    /// <summary>Zeroes this party's secret key and disposes the inner source.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _key.Dispose();
        _inner.Dispose();
    }

    private static bool IsLinear(CorrelationKind kind) => kind is CorrelationKind.MatMul or CorrelationKind.Conv2d or CorrelationKind.Mask
        or CorrelationKind.MatMulWithMask or CorrelationKind.Conv2dWithMask or CorrelationKind.LinearTraining;

    private T Delegate<T>(CorrelationRequest request, Func<T> serve)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _recorded.Add(request);
        return serve();
    }

    private T Next<T>(CorrelationRequest request)
        where T : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ready.Count == 0 && _ahead.Count > 0)
        {
            var queued = _ahead.ToList();
            _ahead.Clear();
            Produce(queued);
        }

        if (_ready.Count == 0)
        {
            Produce([request]);
        }

        var (expected, correlation) = _ready.Dequeue();
        if (!expected.Equals(request))
        {
            throw new MpcProtocolException($"The protocol asked for {request} where {expected} was prepared: the list does not match the computation.");
        }

        _recorded.Add(request);
        return (T)correlation;
    }

    private void Produce(List<CorrelationRequest> requests)
    {
        if (requests.Count == 0)
        {
            return;
        }

        var plan = new CorrelationPlan(_random, _masks);
        var assemble = requests.Select(plan.Add).ToList();
        ulong[][] products;
        try
        {
            products = _exchange.Run(plan.Jobs);
        }
        catch (Exception ex)
        {
            AbortOnGarbage(_transport, ex);
            throw;
        }

        for (int i = 0; i < requests.Count; i++)
        {
            _ready.Enqueue((requests[i], assemble[i](products)));
        }
    }

    /// <summary>A peer that sent garbage is told the session is over, so it fails at once instead of waiting.</summary>
    private static void AbortOnGarbage(IMpcTransport transport, Exception ex)
    {
        if (ex is MpcProtocolException and not PeerFailedException)
        {
            transport.Abort(ex.Message);
        }
    }

    private static void WriteHello(WireWriter writer, HeRing ring)
    {
        writer.WriteByte(HelloTag);
        writer.WriteByte(Version);
        writer.WriteInt32(ring.LogN);
        writer.WriteInt32(ring.Options.ReplyPrimes);
        writer.WriteInt32(ring.Options.FloodingBits);
        writer.WriteInt32(ring.Options.FixedMaskUses);
        writer.WriteInt32(ring.Options.MaxFixedCiphertexts);
        writer.WriteInt32(ring.Levels);
        for (int i = 0; i < ring.Levels; i++)
        {
            writer.WriteInt32(ring.Options.PrimeBits[i]);
        }
    }

    private static void CheckHello(ref WireReader reader, HeRing ring)
    {
        if (reader.ReadByte() != HelloTag || reader.ReadByte() != Version)
        {
            throw new MpcProtocolException("The peer's homomorphic-encryption hello is malformed or of another version.");
        }

        bool same = reader.ReadInt32() == ring.LogN && reader.ReadInt32() == ring.Options.ReplyPrimes
            && reader.ReadInt32() == ring.Options.FloodingBits && reader.ReadInt32() == ring.Options.FixedMaskUses
            && reader.ReadInt32() == ring.Options.MaxFixedCiphertexts && reader.ReadInt32() == ring.Levels;
        for (int i = 0; same && i < ring.Levels; i++)
        {
            same = reader.ReadInt32() == ring.Options.PrimeBits[i];
        }

        if (!same)
        {
            throw new ParameterMismatchException("The parties use different homomorphic-encryption triple parameters.");
        }
    }
}

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// The source of one party's correlated randomness (preprocessing). Every party of a session calls the same methods
/// with the same sizes in the same order, and each receives its own shares. <see cref="DealerTripleSource"/> takes them
/// from a trusted dealer; a dealer-free source (oblivious transfer or homomorphic encryption) implements the same
/// interface, and the protocols do not change.
/// </summary>
/// <remarks>Thread-safety: implementations are used by one party's protocol thread and need not be thread-safe.</remarks>
public interface ITripleSource : IDisposable
{
    /// <summary>An elementwise triple: A, B of <paramref name="count"/> elements and C = A * B.</summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    ArithmeticTriple Multiplication(int count);

    /// <summary>A square pair: A of <paramref name="count"/> elements and A^2.</summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    SquarePair Square(int count);

    /// <summary>A matrix triple: A (m x k), B (k x n), C = A B (m x n), row-major.</summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    ArithmeticTriple MatMul(int m, int k, int n);

    /// <summary>A convolution triple: A (input shape), B (kernel shape), C = conv(A, B) (output shape).</summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    ArithmeticTriple Conv2d(Conv2dShape shape);

    /// <summary>A fixed mask B of <paramref name="count"/> elements, for an operand opened once and used in many products.</summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    OperandMask Mask(int count);

    /// <summary>
    /// A fixed mask B of <paramref name="count"/> elements for an operand that party <paramref name="knownTo"/> knows
    /// in the clear (the model owner's weights). A source may let that party hold all of B and the others a zero
    /// share: opening W − B then tells the others nothing (B is uniform to them) and the knowing party nothing it did
    /// not know, and each product with the operand needs fewer cross terms. Never ask for it for an operand the party
    /// does not know (a shared or trained one): it would learn W from W − B. By default it is the two-sided
    /// <see cref="Mask(int)"/>, which is correct and secure for any operand.
    /// </summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="knownTo"/> is not a party of the source.</exception>
    OperandMask Mask(int count, int knownTo) => Mask(count);

    /// <summary>A matrix triple whose B (k x n) is the fixed mask <paramref name="right"/>: fresh A (m x k), C = A B.</summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    /// <exception cref="ArgumentException">The mask does not hold k x n elements.</exception>
    ArithmeticTriple MatMul(int m, int k, int n, OperandMask right);

    /// <summary>A convolution triple whose kernel mask is the fixed mask <paramref name="kernel"/>: fresh A, C = conv(A, B).</summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    /// <exception cref="ArgumentException">The mask does not hold the kernel's element count.</exception>
    ArithmeticTriple Conv2d(Conv2dShape shape, OperandMask kernel);

    /// <summary>
    /// A linear layer's training triple for X (m x k) times W (k x n): A, B, D and A B, Aᵀ D and, when
    /// <paramref name="inputGradient"/>, D Bᵀ (see <see cref="LinearTrainingTriple"/>).
    /// </summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    LinearTrainingTriple LinearTraining(int m, int k, int n, bool inputGradient);

    /// <summary>A bit-packed AND triple of <paramref name="words"/> words: C = A AND B.</summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    BinaryTriple And(int words);

    /// <summary>A truncation pair of <paramref name="count"/> elements for a shift of <paramref name="shift"/> bits.</summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    TruncationPair Truncation(int count, int shift);

    /// <summary>A comparison mask for <paramref name="count"/> elements.</summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    ComparisonCorrelation Comparison(int count);

    /// <summary>A selection mask for <paramref name="count"/> bits and <paramref name="vectors"/> vectors.</summary>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    SelectionCorrelation Selection(int count, int vectors);

    /// <summary>
    /// Whether this source makes radix-4 comparison masks (<see cref="WideComparison"/>); comparisons then take the
    /// three-level circuit (4 rounds) instead of the six-level one (7 rounds). Every party of a session uses the same
    /// kind of source, so they agree.
    /// </summary>
    bool ProvidesWideComparison => false;

    /// <summary>A radix-4 comparison mask for <paramref name="count"/> elements.</summary>
    /// <exception cref="NotSupportedException">The source does not make them (<see cref="ProvidesWideComparison"/> is false).</exception>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    WideComparisonCorrelation WideComparison(int count) =>
        throw new NotSupportedException($"{GetType().Name} makes no radix-4 comparison masks.");

    /// <summary>
    /// Whether this source makes products with an operand one party holds in the clear (<see cref="OwnedOperand"/>):
    /// the inference then takes <see cref="Protocols.OwnedProducts"/> for its linear layers instead of Beaver products
    /// with shared weights. A trusted dealer must not (it would learn the weights); secure training cannot (nobody
    /// holds its weights). Every party of a session uses the same kind of source, so they agree.
    /// </summary>
    bool ProvidesOwnedProducts => false;

    /// <summary>
    /// Sets up an owned operand once, with the other party: <paramref name="owner"/> passes its encoded weights
    /// (<paramref name="shape"/>: [k, n] matrix or [O, C, KH, KW] kernel, at <paramref name="fractionalBits"/>), the
    /// other party an empty span. Every party calls it at the same point of the computation.
    /// </summary>
    /// <exception cref="NotSupportedException">The source does not make them (<see cref="ProvidesOwnedProducts"/> is false).</exception>
    /// <exception cref="OwnedWeightOutOfRangeException">On the owner: a weight does not fit <see cref="OwnedOperand.BitsFor"/> bits.</exception>
    /// <exception cref="ArgumentException">The shape is not of rank 2 or 4, or the owner's weights do not fill it.</exception>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    /// <exception cref="MpcProtocolException">The peer set up another operand.</exception>
    OwnedOperand SetUpOwnedOperand(int owner, TensorShape shape, ReadOnlySpan<ulong> weights, int fractionalBits) =>
        throw new NotSupportedException($"{GetType().Name} makes no owned-operand products.");

    /// <summary>A product of a mask A [m, k] with the owned matrix <paramref name="right"/> [k, n].</summary>
    /// <exception cref="NotSupportedException">The source does not make them.</exception>
    /// <exception cref="ArgumentException">The operand is not a matrix.</exception>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    /// <exception cref="MpcProtocolException">The peer asked for another correlation.</exception>
    OwnedProductCorrelation OwnedMatMul(int m, OwnedOperand right) =>
        throw new NotSupportedException($"{GetType().Name} makes no owned-operand products.");

    /// <summary>A convolution of an input mask A with the owned kernel <paramref name="kernel"/>.</summary>
    /// <exception cref="NotSupportedException">The source does not make them.</exception>
    /// <exception cref="ArgumentException">The kernel does not match the shape.</exception>
    /// <exception cref="PeerFailedException">The source's peer failed.</exception>
    /// <exception cref="MpcProtocolException">The peer asked for another correlation.</exception>
    OwnedProductCorrelation OwnedConv2d(Conv2dShape shape, OwnedOperand kernel) =>
        throw new NotSupportedException($"{GetType().Name} makes no owned-operand products.");
}

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// An <see cref="ITripleSource"/> that hands every request to an inner source; a subclass overrides what it changes,
/// e.g. to record or audit what the protocols take, or to hide an optional correlation.
/// </summary>
/// <param name="inner">The source every request goes to; the decorator disposes it.</param>
/// <remarks>Thread-safety: as the inner source (one party's protocol thread).</remarks>
public abstract class TripleSourceDecorator(ITripleSource inner) : ITripleSource
{
    /// <summary>The source every request goes to.</summary>
    protected ITripleSource Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public virtual ArithmeticTriple Multiplication(int count) => Inner.Multiplication(count);

    /// <inheritdoc />
    public virtual SquarePair Square(int count) => Inner.Square(count);

    /// <inheritdoc />
    public virtual ArithmeticTriple MatMul(int m, int k, int n) => Inner.MatMul(m, k, n);

    /// <inheritdoc />
    public virtual ArithmeticTriple Conv2d(Conv2dShape shape) => Inner.Conv2d(shape);

    /// <inheritdoc />
    public virtual OperandMask Mask(int count) => Inner.Mask(count);

    /// <inheritdoc />
    public virtual OperandMask Mask(int count, int knownTo) => Inner.Mask(count, knownTo);

    /// <inheritdoc />
    public virtual ArithmeticTriple MatMul(int m, int k, int n, OperandMask right) => Inner.MatMul(m, k, n, right);

    /// <inheritdoc />
    public virtual ArithmeticTriple Conv2d(Conv2dShape shape, OperandMask kernel) => Inner.Conv2d(shape, kernel);

    /// <inheritdoc />
    public virtual LinearTrainingTriple LinearTraining(int m, int k, int n, bool inputGradient) => Inner.LinearTraining(m, k, n, inputGradient);

    /// <inheritdoc />
    public virtual BinaryTriple And(int words) => Inner.And(words);

    /// <inheritdoc />
    public virtual TruncationPair Truncation(int count, int shift) => Inner.Truncation(count, shift);

    /// <inheritdoc />
    public virtual ComparisonCorrelation Comparison(int count) => Inner.Comparison(count);

    /// <inheritdoc />
    public virtual SelectionCorrelation Selection(int count, int vectors) => Inner.Selection(count, vectors);

    /// <inheritdoc />
    public virtual bool ProvidesWideComparison => Inner.ProvidesWideComparison;

    /// <inheritdoc />
    public virtual WideComparisonCorrelation WideComparison(int count) => Inner.WideComparison(count);

    /// <inheritdoc />
    public virtual bool ProvidesOwnedProducts => Inner.ProvidesOwnedProducts;

    /// <inheritdoc />
    public virtual OwnedOperand SetUpOwnedOperand(int owner, TensorShape shape, ReadOnlySpan<ulong> weights, int fractionalBits) =>
        Inner.SetUpOwnedOperand(owner, shape, weights, fractionalBits);

    /// <inheritdoc />
    public virtual OwnedProductCorrelation OwnedMatMul(int m, OwnedOperand right) => Inner.OwnedMatMul(m, right);

    /// <inheritdoc />
    public virtual OwnedProductCorrelation OwnedConv2d(Conv2dShape shape, OwnedOperand kernel) => Inner.OwnedConv2d(shape, kernel);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the inner source.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }
    }
}

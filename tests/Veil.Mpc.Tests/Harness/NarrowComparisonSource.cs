using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Tests.Harness;

/// <summary>
/// Forwards every correlation of the dealer's source but offers no radix-4 comparison masks, so comparisons take the
/// six-level circuit that dealer-free sources use: the tests run both circuits on the same dealer.
/// </summary>
internal sealed class NarrowComparisonSource(ITripleSource inner) : ITripleSource
{
    public ArithmeticTriple Multiplication(int count) => inner.Multiplication(count);

    public SquarePair Square(int count) => inner.Square(count);

    public ArithmeticTriple MatMul(int m, int k, int n) => inner.MatMul(m, k, n);

    public ArithmeticTriple Conv2d(Conv2dShape shape) => inner.Conv2d(shape);

    public OperandMask Mask(int count) => inner.Mask(count);

    public ArithmeticTriple MatMul(int m, int k, int n, OperandMask right) => inner.MatMul(m, k, n, right);

    public ArithmeticTriple Conv2d(Conv2dShape shape, OperandMask kernel) => inner.Conv2d(shape, kernel);

    public LinearTrainingTriple LinearTraining(int m, int k, int n, bool inputGradient) => inner.LinearTraining(m, k, n, inputGradient);

    public BinaryTriple And(int words) => inner.And(words);

    public TruncationPair Truncation(int count, int shift) => inner.Truncation(count, shift);

    public ComparisonCorrelation Comparison(int count) => inner.Comparison(count);

    public SelectionCorrelation Selection(int count, int vectors) => inner.Selection(count, vectors);

    public void Dispose() => inner.Dispose();
}

using Veil.Mpc;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Nn.Tests.Privacy;

/// <summary>
/// A faulty preprocessing source for the audit's control: it takes every correlation from the real source (so the
/// dealer stays in step) but hands out the first truncation pair and comparison mask of each size again whenever the
/// same size is asked for later. The results stay correct; only privacy breaks, which the audit must notice.
/// </summary>
internal sealed class ReplayingTripleSource(ITripleSource inner) : ITripleSource
{
    private readonly Dictionary<(int, int), TruncationPair> _truncations = [];
    private readonly Dictionary<int, ComparisonCorrelation> _comparisons = [];

    public ArithmeticTriple Multiplication(int count) => inner.Multiplication(count);

    public SquarePair Square(int count) => inner.Square(count);

    public ArithmeticTriple MatMul(int m, int k, int n) => inner.MatMul(m, k, n);

    public ArithmeticTriple Conv2d(Conv2dShape shape) => inner.Conv2d(shape);

    public OperandMask Mask(int count) => inner.Mask(count);

    public ArithmeticTriple MatMul(int m, int k, int n, OperandMask right) => inner.MatMul(m, k, n, right);

    public ArithmeticTriple Conv2d(Conv2dShape shape, OperandMask kernel) => inner.Conv2d(shape, kernel);

    public LinearTrainingTriple LinearTraining(int m, int k, int n, bool inputGradient) => inner.LinearTraining(m, k, n, inputGradient);

    public BinaryTriple And(int words) => inner.And(words);

    public TruncationPair Truncation(int count, int shift)
    {
        TruncationPair fresh = inner.Truncation(count, shift);
        return _truncations.TryAdd((count, shift), fresh) ? fresh : _truncations[(count, shift)];
    }

    public ComparisonCorrelation Comparison(int count)
    {
        ComparisonCorrelation fresh = inner.Comparison(count);
        return _comparisons.TryAdd(count, fresh) ? fresh : _comparisons[count];
    }

    public SelectionCorrelation Selection(int count, int vectors) => inner.Selection(count, vectors);

    public void Dispose() => inner.Dispose();
}

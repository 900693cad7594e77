using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Nn.Tests.Privacy;

/// <summary>
/// A faulty preprocessing source for the audit's control: it takes every correlation from the real source (so the
/// dealer stays in step) but hands out the first truncation pair and comparison mask of each size again whenever the
/// same size is asked for later. The results stay correct; only privacy breaks, which the audit must notice.
/// Comparisons take the six-level circuit here, whose masks this source replays.
/// </summary>
internal sealed class ReplayingTripleSource(ITripleSource inner) : TripleSourceDecorator(inner)
{
    private readonly Dictionary<(int, int), TruncationPair> _truncations = [];
    private readonly Dictionary<int, ComparisonCorrelation> _comparisons = [];

    public override bool ProvidesWideComparison => false;

    public override TruncationPair Truncation(int count, int shift)
    {
        TruncationPair fresh = Inner.Truncation(count, shift);
        return _truncations.TryAdd((count, shift), fresh) ? fresh : _truncations[(count, shift)];
    }

    public override ComparisonCorrelation Comparison(int count)
    {
        ComparisonCorrelation fresh = Inner.Comparison(count);
        return _comparisons.TryAdd(count, fresh) ? fresh : _comparisons[count];
    }
}

using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Tests.Harness;

/// <summary>
/// Forwards every correlation of the dealer's source but offers no radix-4 comparison masks, so comparisons take the
/// six-level circuit that dealer-free sources use: the tests run both circuits on the same dealer.
/// </summary>
internal sealed class NarrowComparisonSource(ITripleSource inner) : TripleSourceDecorator(inner)
{
    public override bool ProvidesWideComparison => false;
}

using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;
using static Veil.Mpc.Tests.Preprocessing.Ot.OtPair;

namespace Veil.Mpc.Tests.Preprocessing.Ot;

/// <summary>
/// Fixed masks held by one party (for an operand that party knows): the other party's share is zero, and the products
/// made with them (one Gilboa cross term) still reconstruct to C = A B.
/// </summary>
public class OtOwnedMaskTests
{
    /// <summary>Output channels ≤ output positions: the kernel's holder receives.</summary>
    private static readonly Conv2dShape Wide = new(2, 3, 6, 5, 4, 3, 2, stride: 1, padding: 1);

    /// <summary>More output channels than output positions: the lowered product is transposed.</summary>
    private static readonly Conv2dShape Narrow = new(1, 2, 3, 3, 8, 2, 2, stride: 1, padding: 0);

    private static CorrelationRequest[] Requests(int owner) =>
    [
        CorrelationRequest.Mask(4 * 5, owner),
        CorrelationRequest.MatMulWithMask(3, 4, 5, 0),
        CorrelationRequest.Mask(4 * 2, owner),
        CorrelationRequest.MatMulWithMask(6, 4, 2, 1),
        CorrelationRequest.Mask(Wide.KernelCount, owner),
        CorrelationRequest.Conv2dWithMask(Wide, 2),
        CorrelationRequest.Mask(Narrow.KernelCount, owner),
        CorrelationRequest.Conv2dWithMask(Narrow, 3),
        CorrelationRequest.Mask(4 * 5),
        CorrelationRequest.MatMulWithMask(2, 4, 5, 4),
        CorrelationRequest.MatMulWithMask(1, 4, 5, 0),
    ];

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    public void EveryOneSidedKindReconstructsAndTheOtherPartyHoldsNoneOfTheMask(int owner, bool prefetch)
    {
        var (zero, one) = WithSources(source =>
        {
            if (prefetch)
            {
                source.Prefetch(Requests(owner));
            }

            var results = new List<object>();
            var masks = new List<OperandMask>
            {
                source.Mask(4 * 5, owner),
            };
            results.Add(source.MatMul(3, 4, 5, masks[0]));
            masks.Add(source.Mask(4 * 2, owner));
            results.Add(source.MatMul(6, 4, 2, masks[1]));
            masks.Add(source.Mask(Wide.KernelCount, owner));
            results.Add(source.Conv2d(Wide, masks[2]));
            masks.Add(source.Mask(Narrow.KernelCount, owner));
            results.Add(source.Conv2d(Narrow, masks[3]));
            masks.Add(source.Mask(4 * 5));
            results.Add(source.MatMul(2, 4, 5, masks[4]));
            results.Add(source.MatMul(1, 4, 5, masks[0]));
            Assert.Equal(Requests(owner), source.RecordedRequests);
            return (Masks: masks, Triples: results.Cast<ArithmeticTriple>().ToArray());
        });

        var (mine, theirs) = owner == 0 ? (zero, one) : (one, zero);
        for (int i = 0; i < 4; i++)
        {
            Assert.All(theirs.Masks[i].Shares.ToArray(), share => Assert.Equal(0UL, share));
            Assert.Contains(mine.Masks[i].Shares.ToArray(), share => share != 0);
            Assert.Equal(i, mine.Masks[i].Id);
            Assert.Equal(i, theirs.Masks[i].Id);
        }

        Assert.Contains(theirs.Masks[4].Shares.ToArray(), share => share != 0);
        int[] maskOf = [0, 1, 2, 3, 4, 0];
        for (int t = 0; t < zero.Triples.Length; t++)
        {
            Assert.Equal(zero.Masks[maskOf[t]].Shares.ToArray(), zero.Triples[t].B.ToArray());
            Assert.Equal(one.Masks[maskOf[t]].Shares.ToArray(), one.Triples[t].B.ToArray());
        }

        CheckMatMul(zero.Triples[0], one.Triples[0], 3, 4, 5);
        CheckMatMul(zero.Triples[1], one.Triples[1], 6, 4, 2);
        CheckConv(zero.Triples[2], one.Triples[2], Wide);
        CheckConv(zero.Triples[3], one.Triples[3], Narrow);
        CheckMatMul(zero.Triples[4], one.Triples[4], 2, 4, 5);
        CheckMatMul(zero.Triples[5], one.Triples[5], 1, 4, 5);
    }

    /// <summary>One cross term instead of two: a one-sided mask's product costs about half the bytes.</summary>
    [Fact]
    public void AProductWithAOneSidedMaskCostsHalfTheTraffic()
    {
        long Traffic(CorrelationRequest mask) => Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            source.Prefetch([mask]);
            long before = transport.Counters.SentTo(1 - id) + transport.Counters.ReceivedFrom(1 - id);
            source.Prefetch([CorrelationRequest.MatMulWithMask(1, 64, 32, 0)]);
            return transport.Counters.SentTo(1 - id) + transport.Counters.ReceivedFrom(1 - id) - before;
        }).Zero;

        long twoSided = Traffic(CorrelationRequest.Mask(64 * 32)), oneSided = Traffic(CorrelationRequest.Mask(64 * 32, 1));
        Assert.InRange(oneSided, twoSided * 45 / 100, twoSided * 55 / 100);
    }

    [Fact]
    public void PartiesNamingDifferentOwnersFail()
    {
        var (zero, one) = Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            return Record.Exception(() => source.Mask(8, knownTo: id));
        });
        Assert.IsType<MpcProtocolException>(zero);
        Assert.IsType<MpcProtocolException>(one);
    }

    [Fact]
    public void AOneSidedMaskOnOneSideAndATwoSidedOnTheOtherFail()
    {
        var (zero, one) = Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            return Record.Exception(() => id == 0 ? source.Mask(8, knownTo: 0) : source.Mask(8));
        });
        Assert.IsType<MpcProtocolException>(zero);
        Assert.IsType<MpcProtocolException>(one);
    }

    [Fact]
    public void AnOwnerOutsideTheTwoPartiesIsRefused()
    {
        var (zero, _) = Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            return Record.Exception(() => source.Mask(8, knownTo: 2));
        });
        Assert.IsType<ArgumentOutOfRangeException>(zero);
    }

    private static void CheckMatMul(ArithmeticTriple zero, ArithmeticTriple one, int m, int k, int n) =>
        Assert.Equal(RingMatMul.Multiply(Add(zero.A, one.A), Add(zero.B, one.B), m, k, n), Add(zero.C, one.C));

    private static void CheckConv(ArithmeticTriple zero, ArithmeticTriple one, Conv2dShape shape) =>
        Assert.Equal(RingConv2d.Convolve(shape, Add(zero.A, one.A), Add(zero.B, one.B)), Add(zero.C, one.C));
}

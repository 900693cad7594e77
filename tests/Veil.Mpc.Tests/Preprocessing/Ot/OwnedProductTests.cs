using System.Diagnostics;
using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;
using Veil.Mpc.Tests.Harness;
using Veil.Mpc.Transport;
using Veil.Random;
using static Veil.Mpc.Tests.Preprocessing.Ot.OtPair;

namespace Veil.Mpc.Tests.Preprocessing.Ot;

/// <summary>Products with an owned operand: the OLE reconstructs A W exactly, pads are fresh per product, and misuse fails fast.</summary>
public class OwnedProductTests
{
    private const int F = 16;
    private static readonly int L = OwnedOperand.BitsFor(F);

    [Theory]
    [InlineData(0, 1, 7, 5)]
    [InlineData(1, 3, 4, 9)]
    [InlineData(0, 5, 13, 2)]
    public void AMatrixProductReconstructsAWForTwoProductsInARow(int owner, int m, int k, int n)
    {
        ulong[] w = Weights(k * n);
        var (zero, one) = Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            OwnedOperand operand = source.SetUpOwnedOperand(owner, new TensorShape(k, n), id == owner ? w : [], F);
            Assert.Equal(L, operand.Bits);
            return new[] { source.OwnedMatMul(m, operand), source.OwnedMatMul(m, operand) };
        });
        var (mine, theirs) = owner == 0 ? (zero, one) : (one, zero);
        for (int product = 0; product < 2; product++)
        {
            Assert.Empty(mine[product].A);
            Assert.Equal(RingMatMul.Multiply(theirs[product].A, w, m, k, n), Add(mine[product].C, theirs[product].C));
        }

        Assert.NotEqual(theirs[0].A, theirs[1].A);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 2, 0)]
    public void AConvolutionReconstructsConvAW(int batch, int stride, int padding)
    {
        var shape = new Conv2dShape(batch, 3, 7, 6, 4, 3, 2, stride, padding);
        ulong[] w = Weights(shape.KernelCount);
        var (zero, one) = Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            OwnedOperand operand = source.SetUpOwnedOperand(1, shape.KernelShape, id == 1 ? w : [], F);
            source.Prefetch([CorrelationRequest.OwnedConv2d(shape, operand.Id), CorrelationRequest.Multiplication(3)]);
            var product = source.OwnedConv2d(shape, operand);
            source.Multiplication(3);
            return product;
        });
        Assert.Equal(RingConv2d.Convolve(shape, zero.A, w), Add(zero.C, one.C));
    }

    [Fact]
    public void AWeightOutOfRangeIsRefusedByTheOwnerAndThePeerFailsFast()
    {
        ulong[] w = Weights(12);
        w[5] = 1UL << (L - 1);
        var clock = Stopwatch.StartNew();
        var (zero, one) = Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            return Record.Exception(() => source.SetUpOwnedOperand(0, new TensorShape(3, 4), id == 0 ? w : [], F));
        }, timeoutSeconds: 60);
        var refused = Assert.IsType<OwnedWeightOutOfRangeException>(zero);
        Assert.Equal(5, refused.Index);
        Assert.NotNull(one);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the peer took {clock.Elapsed} to fail");
    }

    [Fact]
    public void TheLowestWeightIsInRangeAndOneBelowIsNot()
    {
        OwnedOperand.CheckRange([unchecked((ulong)(-(1L << (L - 1)))), (1UL << (L - 1)) - 1], L, F);
        Assert.Throws<OwnedWeightOutOfRangeException>(() => OwnedOperand.CheckRange([unchecked((ulong)(-(1L << (L - 1)) - 1))], L, F));
    }

    [Fact]
    public void ConsecutiveProductsWithEqualMasksSendDifferentCorrections()
    {
        ulong[] w = Weights(6 * 4);
        var (zero, one) = Run((transport, id) =>
        {
            var random = new SwitchableRandom();
            var recording = new RecordingTransport(transport);
            using var source = OtTripleSource.Connect(recording, id, random);
            OwnedOperand operand = source.SetUpOwnedOperand(0, new TensorShape(6, 4), id == 0 ? w : [], F);
            random.Zero = true;
            var first = source.OwnedMatMul(2, operand);
            var second = source.OwnedMatMul(2, operand);
            byte[][] corrections = [.. recording.Received.Where(r => r.Message.Length > 0 && r.Message[0] == 0x4F).Select(r => r.Message)];
            return (first, second, corrections);
        });

        // Both masks are zero, so with reused pads the two correction streams would be equal.
        Assert.Equal(new ulong[8], one.first.A.Concat(one.second.A).Take(8).ToArray());
        Assert.Equal(new ulong[8], Add(zero.first.C, one.first.C));
        Assert.Equal(new ulong[8], Add(zero.second.C, one.second.C));
        Assert.Equal(2, zero.corrections.Length);
        Assert.Empty(one.corrections);
        Assert.Equal(zero.corrections[0].Length, zero.corrections[1].Length);
        Assert.NotEqual(zero.corrections[0], zero.corrections[1]);
    }

    [Fact]
    public void PartiesAskingForDifferentProductsFailFast()
    {
        ulong[] w = Weights(12);
        var clock = Stopwatch.StartNew();
        var (zero, one) = Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            OwnedOperand operand = source.SetUpOwnedOperand(0, new TensorShape(3, 4), id == 0 ? w : [], F);
            return Record.Exception(() => source.OwnedMatMul(2 + id, operand));
        }, timeoutSeconds: 60);
        Assert.IsType<MpcProtocolException>(zero);
        Assert.IsType<MpcProtocolException>(one);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void PartiesSettingUpDifferentOperandsFailFast()
    {
        var (zero, one) = Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            return Record.Exception(() => source.SetUpOwnedOperand(0, new TensorShape(3, 4 + id), id == 0 ? Weights(12) : [], F));
        }, timeoutSeconds: 60);
        Assert.IsType<MpcProtocolException>(zero);
        Assert.IsType<MpcProtocolException>(one);
    }

    [Fact]
    public void ASourceWithoutTheCapabilityRefusesOwnedProductsThroughADecorator()
    {
        Assert.False(((ITripleSource)new NoOwnedSource()).ProvidesOwnedProducts);
        Assert.Throws<NotSupportedException>(() => ((ITripleSource)new NoOwnedSource()).OwnedMatMul(1, null!));
    }

    /// <summary>Uniform weights in the L-bit range, with both extremes and some negatives.</summary>
    private static ulong[] Weights(int count)
    {
        var random = new CryptoRandom();
        var w = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            w[i] = unchecked((ulong)((long)(random.NextUInt64() >> (64 - L)) - (1L << (L - 1))));
        }

        w[0] = unchecked((ulong)(-(1L << (L - 1))));
        w[^1] = (1UL << (L - 1)) - 1;
        return w;
    }

    /// <summary>The operating system's generator, or zeros once switched (for masks that must be equal).</summary>
    private sealed class SwitchableRandom : IRandomSource
    {
        private readonly CryptoRandom _random = new();

        public bool Zero { get; set; }

        public void Fill(Span<byte> destination)
        {
            if (Zero)
            {
                destination.Clear();
                return;
            }

            _random.Fill(destination);
        }

        public void Fill(Span<ulong> destination)
        {
            if (Zero)
            {
                destination.Clear();
                return;
            }

            _random.Fill(destination);
        }

        public ulong NextUInt64() => Zero ? 0 : _random.NextUInt64();
    }

    /// <summary>A decorated source with the interface's defaults for owned products (as the dealer's).</summary>
    private sealed class NoOwnedSource : TripleSourceDecorator
    {
        public NoOwnedSource()
            : base(new CommonSeedTripleSource(new byte[32], 0, 2))
        {
        }
    }
}

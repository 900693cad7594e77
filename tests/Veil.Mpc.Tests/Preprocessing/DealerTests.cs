using Veil.Mpc.Preprocessing;
using Veil.Mpc.Tests.Harness;

namespace Veil.Mpc.Tests.Preprocessing;

public class DealerTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void OnlyPartyZeroHearsFromTheDealerAndOnlyTheDerivedShares(int parties)
    {
        const int m = 4, k = 300, n = 20;
        var stats = MpcSession.Run(parties, context =>
        {
            var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? new double[m * k] : [], new TensorShape(m, k));
            var w = SharedTensor.Share(context, 0, context.PartyId == 0 ? new double[k * n] : [], new TensorShape(k, n));
            x.MatMul(w);
            var relu = SharedTensor.Public(context, new double[1000], new TensorShape(1000)).Relu();
            return (MatMul: context.Stats.Operations["matmul"], Relu: context.Stats.Operations["relu"]);
        });

        // A matrix triple costs the dealer m x n words to party 0; A and B come from seeds.
        Assert.Equal((m * n * 8) + 5, stats[0].MatMul.DealerBytesReceived);
        Assert.All(stats.Skip(1), s => Assert.Equal(0, s.MatMul.DealerBytesReceived + s.MatMul.DealerBytesSent + s.Relu.DealerBytesReceived));

        // ReLU: the bits of r (64 bits), the radix-4 circuit's mask products (427 bits) and the selection's t and a t
        // (two words), per element.
        int w16 = (1000 + 63) / 64;
        Assert.Equal(427, Veil.Mpc.Protocols.WideComparisonCircuit.ProductBits);
        Assert.Equal((((64 + 427) * w16) + (2 * 1000)) * 8 + (2 * 5), stats[0].Relu.DealerBytesReceived);
    }

    [Fact]
    public void PrefetchedPreprocessingServesAnOnlinePhaseWithoutTheDealer()
    {
        double[] a = Plain.OnGrid(Plain.Uniform(64, 5, 31));
        var results = MpcSession.Run(2, context =>
        {
            var source = (DealerTripleSource)context.Triples;
            SharedTensor Layer(SharedTensor x) => x.MatMul(x.Reshape(new TensorShape(8, 8))).Rescale().Relu();
            var input = SharedTensor.Share(context, 0, context.PartyId == 0 ? a : [], new TensorShape(8, 8));

            // First pass: on demand, recording the requests.
            var first = Layer(input).Reveal();
            var requests = source.RecordedRequests.ToList();

            // Preprocessing phase, then an online phase that never waits for the dealer.
            source.Prefetch(requests);
            long dealerBefore = context.Stats.Total.DealerBytesReceived + context.Stats.Total.DealerBytesSent;
            var second = Layer(input).Reveal();
            long dealerDuring = context.Stats.Total.DealerBytesReceived + context.Stats.Total.DealerBytesSent - dealerBefore;

            // A prefetch list that does not match the computation is caught, not silently misused.
            source.Prefetch([CorrelationRequest.Multiplication(3)]);
            var mismatch = Record.Exception(() => input.MatMul(input));
            return (first, second, dealerDuring, requests.Count, mismatch);
        });

        // Truncation rounds stochastically, so two runs agree within one unit in the last place.
        Assert.All(results[0].first.Zip(results[0].second), pair => Assert.InRange(pair.First - pair.Second, -1.0 / 65536, 1.0 / 65536));
        Assert.Equal(0, results[0].dealerDuring);
        Assert.Equal(4, results[0].Count); // matmul, truncation, comparison, selection
        Assert.All(results, r => Assert.IsType<MpcProtocolException>(r.mismatch));
    }

    [Fact]
    public void CorrelationsRequestedAheadServeTheNextStepsAndAMismatchIsCaught()
    {
        double[] a = Plain.OnGrid(Plain.Uniform(64, 5, 37));
        var results = MpcSession.Run(2, context =>
        {
            var source = (DealerTripleSource)context.Triples;
            SharedTensor Layer(SharedTensor x) => x.MatMul(x.Reshape(new TensorShape(8, 8))).Rescale().Relu();
            var input = SharedTensor.Share(context, 0, context.PartyId == 0 ? a : [], new TensorShape(8, 8));
            var first = Layer(input).Reveal();
            var requests = source.RecordedRequests.ToList();

            // Two steps asked for at once: the dealer answers both while the parties compute the first.
            source.RequestAhead(requests);
            source.RequestAhead(requests);
            int outstanding = source.RequestedCount;
            var second = Layer(input).Reveal();
            var third = Layer(input).Reveal();
            int left = source.RequestedCount;

            // Prefetching while requests are outstanding would take the wrong answers: refused.
            source.RequestAhead([CorrelationRequest.Multiplication(3)]);
            var prefetch = Record.Exception(() => source.Prefetch(requests));
            var mismatch = Record.Exception(() => input.MatMul(input));
            return (first, second, third, outstanding, left, prefetch, mismatch);
        });

        foreach (var r in results)
        {
            Assert.Equal(8, r.outstanding);
            Assert.Equal(0, r.left);
            Assert.All(r.first.Zip(r.second).Concat(r.first.Zip(r.third)), pair => Assert.InRange(pair.First - pair.Second, -1.0 / 65536, 1.0 / 65536));
            Assert.IsType<InvalidOperationException>(r.prefetch);
            Assert.IsType<MpcProtocolException>(r.mismatch);
        }
    }

    [Fact]
    public void AMalformedRequestStopsTheDealerAndPartyZero()
    {
        var outcome = MpcSession.RunAll(2, context =>
        {
            if (context.PartyId == 0)
            {
                context.Transport.Send(2, [1, 99, 0]); // request of an unknown kind
            }

            return SharedTensor.Public(context, [1.0], new TensorShape(1)).Relu().Reveal();
        }, TransportKind.InProcess, 16, TimeSpan.FromSeconds(5));

        var dealerError = Assert.IsType<MpcProtocolException>(outcome.Errors[2]);
        Assert.Contains("Malformed preprocessing request", dealerError.Message);
        Assert.IsAssignableFrom<MpcProtocolException>(outcome.Errors[0]);
        Assert.IsAssignableFrom<MpcProtocolException>(outcome.Errors[1]);
    }

    [Fact]
    public void RequestsRoundTripAndRefuseAbsurdSizes()
    {
        var shape = new Conv2dShape(2, 3, 10, 12, 4, 3, 5, 2, 1);
        foreach (var request in new[] { CorrelationRequest.Conv2d(shape), CorrelationRequest.MatMul(3, 4, 5), CorrelationRequest.Selection(7, 0), CorrelationRequest.Truncation(9, 16) })
        {
            var writer = new Veil.IO.PayloadWriter();
            request.Write(writer);
            Assert.Equal(request, CorrelationRequest.Read(new Veil.IO.PayloadReader(writer.WrittenSpan.ToArray(), "test")));
        }

        Assert.Equal(shape, CorrelationRequest.Conv2d(shape).ToConv2dShape());
        Assert.Throws<ArgumentException>(() => CorrelationRequest.MatMul(1 << 20, 1 << 20, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CorrelationRequest.Truncation(10, 63));
        Assert.Throws<MpcProtocolException>(() => CorrelationRequest.Read(new Veil.IO.PayloadReader(new byte[] { 3, 3, 0, 0 }, "test")));
    }
}

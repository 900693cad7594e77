using Veil.Mpc.He;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.He.Tests;

public class TripleTests
{
    private static ulong[] Sum(ulong[][] shares) => Plain.Add(shares[0], shares[1]);

    [Theory]
    [InlineData(3, 50, 7)]
    [InlineData(1, 784, 128)]
    [InlineData(17, 9, 130)]
    public void MatMulTriplesReconstruct(int m, int k, int n)
    {
        var triples = InProcessPair.RunOrThrow((_, source, _) => source.MatMul(m, k, n));
        ulong[] a = Plain.Add(triples[0].A.ToArray(), triples[1].A.ToArray());
        ulong[] b = Plain.Add(triples[0].B.ToArray(), triples[1].B.ToArray());
        ulong[] c = Plain.Add(triples[0].C.ToArray(), triples[1].C.ToArray());
        Assert.Equal(Plain.MatMul(a, b, m, k, n), c);
    }

    [Fact]
    public void AProductOverOneExchangesOutputsRunsInRowBlocksAndStillReconstructs()
    {
        // 2^20 + 24 outputs: more than one exchange carries, so the fixed-mask product runs as two blocks of rows.
        const int k = 3, n = 1024, m = (1 << 20) / n + 3;
        Assert.True(m * n > HeExchange.MaxOutputsPerExchange);
        var results = InProcessPair.RunOrThrow((_, source, _) =>
        {
            OperandMask mask = source.Mask(k * n);
            return (Mask: mask.Shares.ToArray(), Triple: source.MatMul(m, k, n, mask));
        });
        ulong[] a = Plain.Add(results[0].Triple.A.ToArray(), results[1].Triple.A.ToArray());
        ulong[] b = Plain.Add(results[0].Mask, results[1].Mask);
        Assert.Equal(Plain.MatMul(a, b, m, k, n), Plain.Add(results[0].Triple.C.ToArray(), results[1].Triple.C.ToArray()));
    }

    [Fact]
    public void ConvolutionTriplesReconstruct()
    {
        var shape = new Conv2dShape(2, 3, 9, 8, 4, 3, 3, stride: 2, padding: 1);
        var triples = InProcessPair.RunOrThrow((_, source, _) => source.Conv2d(shape));
        ulong[] a = Plain.Add(triples[0].A.ToArray(), triples[1].A.ToArray());
        ulong[] b = Plain.Add(triples[0].B.ToArray(), triples[1].B.ToArray());
        Assert.Equal(Plain.Conv(shape, a, b), Plain.Add(triples[0].C.ToArray(), triples[1].C.ToArray()));
    }

    [Fact]
    public void FixedMaskTriplesReconstructTwiceAndTheSecondCostsOnlyReplies()
    {
        const int m = 4, k = 60, n = 10;
        var shape = new Conv2dShape(1, 2, 7, 7, 3, 3, 3);
        var results = InProcessPair.RunOrThrow((party, source, transport) =>
        {
            OperandMask weights = source.Mask(k * n);
            OperandMask kernel = source.Mask(shape.KernelCount);
            long before = transport.Counters.SentTo(1 - party);
            var first = source.MatMul(m, k, n, weights);
            long firstBytes = transport.Counters.SentTo(1 - party) - before;
            var second = source.MatMul(m, k, n, weights);
            long secondBytes = transport.Counters.SentTo(1 - party) - before - firstBytes;
            var conv1 = source.Conv2d(shape, kernel);
            var conv2 = source.Conv2d(shape, kernel);
            return (Weights: weights.Shares.ToArray(), Kernel: kernel.Shares.ToArray(), Triples: new[] { first, second }, Convs: new[] { conv1, conv2 }, firstBytes, secondBytes);
        });
        ulong[] b = Plain.Add(results[0].Weights, results[1].Weights);
        ulong[] kernelMask = Plain.Add(results[0].Kernel, results[1].Kernel);
        for (int t = 0; t < 2; t++)
        {
            ulong[] a = Plain.Add(results[0].Triples[t].A.ToArray(), results[1].Triples[t].A.ToArray());
            Assert.Equal(results[0].Weights, results[0].Triples[t].B.ToArray());
            Assert.Equal(Plain.MatMul(a, b, m, k, n), Plain.Add(results[0].Triples[t].C.ToArray(), results[1].Triples[t].C.ToArray()));
            ulong[] x = Plain.Add(results[0].Convs[t].A.ToArray(), results[1].Convs[t].A.ToArray());
            Assert.Equal(Plain.Conv(shape, x, kernelMask), Plain.Add(results[0].Convs[t].C.ToArray(), results[1].Convs[t].C.ToArray()));
        }

        Assert.All(results, r => Assert.True(r.secondBytes * 2 < r.firstBytes, $"second use sent {r.secondBytes} bytes, first {r.firstBytes}"));
    }

    [Fact]
    public void FixedMaskTriplesPrefetchedTogetherShareRepliesAndEachReconstructs()
    {
        const int m = 1, k = 40, n = 9, count = 5;
        var results = InProcessPair.RunOrThrow((party, source, transport) =>
        {
            OperandMask weights = source.Mask(k * n);
            long start = transport.Counters.SentTo(1 - party);
            source.Prefetch(Enumerable.Repeat(CorrelationRequest.MatMulWithMask(m, k, n, weights.Id), count));
            long prefetchBytes = transport.Counters.SentTo(1 - party) - start;
            var triples = Enumerable.Range(0, count).Select(_ => source.MatMul(m, k, n, weights)).ToList();

            // A later product with another m reuses the uploaded mask: replies only.
            start = transport.Counters.SentTo(1 - party);
            triples.Add(source.MatMul(3, k, n, weights));
            long laterBytes = transport.Counters.SentTo(1 - party) - start;
            return (Weights: weights.Shares.ToArray(), Triples: triples, prefetchBytes, laterBytes);
        });
        Assert.All(results, r => Assert.True(r.laterBytes * 2 < r.prefetchBytes, $"later {r.laterBytes} bytes, prefetch {r.prefetchBytes}"));
        ulong[] b = Plain.Add(results[0].Weights, results[1].Weights);
        ulong[] a3 = Plain.Add(results[0].Triples[count].A.ToArray(), results[1].Triples[count].A.ToArray());
        Assert.Equal(Plain.MatMul(a3, b, 3, k, n), Plain.Add(results[0].Triples[count].C.ToArray(), results[1].Triples[count].C.ToArray()));
        for (int t = 0; t < count; t++)
        {
            ulong[] a = Plain.Add(results[0].Triples[t].A.ToArray(), results[1].Triples[t].A.ToArray());
            Assert.Equal(Plain.MatMul(a, b, m, k, n), Plain.Add(results[0].Triples[t].C.ToArray(), results[1].Triples[t].C.ToArray()));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LinearTrainingTriplesReconstruct(bool inputGradient)
    {
        const int m = 5, k = 12, n = 7;
        var triples = InProcessPair.RunOrThrow((_, source, _) => source.LinearTraining(m, k, n, inputGradient));
        ulong[] a = Plain.Add(triples[0].A.ToArray(), triples[1].A.ToArray());
        ulong[] b = Plain.Add(triples[0].B.ToArray(), triples[1].B.ToArray());
        ulong[] d = Plain.Add(triples[0].D.ToArray(), triples[1].D.ToArray());
        Assert.Equal(Plain.MatMul(a, b, m, k, n), Plain.Add(triples[0].AB.ToArray(), triples[1].AB.ToArray()));
        Assert.Equal(Plain.MatMul(Plain.Transpose(a, m, k), d, k, m, n), Plain.Add(triples[0].ATransposeD.ToArray(), triples[1].ATransposeD.ToArray()));
        if (inputGradient)
        {
            Assert.Equal(Plain.MatMul(d, Plain.Transpose(b, k, n), m, n, k), Plain.Add(triples[0].DBTranspose.ToArray(), triples[1].DBTranspose.ToArray()));
        }
        else
        {
            Assert.True(triples[0].DBTranspose.IsEmpty);
        }
    }

    [Fact]
    public void PrefetchServesALinearListInOneExchangeAndDelegatesTheRest()
    {
        var results = InProcessPair.RunOrThrow((party, source, transport) =>
        {
            source.Prefetch([CorrelationRequest.MatMul(2, 3, 4), CorrelationRequest.Multiplication(5), CorrelationRequest.MatMul(4, 3, 2)]);
            long before = transport.Counters.SentTo(1 - party) + transport.Counters.SentTo(2);
            var first = source.MatMul(2, 3, 4);
            var product = source.Multiplication(5);
            var second = source.MatMul(4, 3, 2);
            long during = transport.Counters.SentTo(1 - party) + transport.Counters.SentTo(2) - before;
            source.RequestAhead([CorrelationRequest.MatMul(1, 2, 3), CorrelationRequest.MatMul(3, 2, 1)]);
            var third = source.MatMul(1, 2, 3);
            var fourth = source.MatMul(3, 2, 1);
            var mismatch = Record.Exception(() => { source.Prefetch([CorrelationRequest.MatMul(1, 1, 1)]); source.MatMul(2, 2, 2); });
            return (first, second, third, fourth, product, during, source.RecordedRequests.Count, mismatch);
        });
        Assert.All(results, r => Assert.Equal(0, r.during));
        Assert.All(results, r => Assert.Equal(5, r.Count));
        Assert.All(results, r => Assert.IsType<MpcProtocolException>(r.mismatch));
        Assert.Equal(Plain.MatMul(Sum([results[0].first.A.ToArray(), results[1].first.A.ToArray()]), Sum([results[0].first.B.ToArray(), results[1].first.B.ToArray()]), 2, 3, 4),
            Sum([results[0].first.C.ToArray(), results[1].first.C.ToArray()]));
        Assert.Equal(Plain.MatMul(Sum([results[0].fourth.A.ToArray(), results[1].fourth.A.ToArray()]), Sum([results[0].fourth.B.ToArray(), results[1].fourth.B.ToArray()]), 3, 2, 1),
            Sum([results[0].fourth.C.ToArray(), results[1].fourth.C.ToArray()]));
        ulong[] x = Sum([results[0].product.A.ToArray(), results[1].product.A.ToArray()]), y = Sum([results[0].product.B.ToArray(), results[1].product.B.ToArray()]);
        Assert.Equal(x.Zip(y, (p, q) => unchecked(p * q)), Sum([results[0].product.C.ToArray(), results[1].product.C.ToArray()]));
    }

    [Fact]
    public void ABeaverMatMulThroughMpcContextEqualsPlaintext()
    {
        const int m = 3, k = 20, n = 5;
        double[] x = Enumerable.Range(0, m * k).Select(i => ((i % 7) - 3) * 0.25).ToArray();
        double[] w = Enumerable.Range(0, k * n).Select(i => ((i % 5) - 2) * 0.5).ToArray();
        var results = InProcessPair.RunOrThrow((party, source, transport) =>
        {
            using var context = MpcContext.Create(transport, party, 2, source, FixedPointFormat.Default);
            var xs = SharedTensor.Share(context, 0, party == 0 ? x : [], new TensorShape(m, k));
            var ws = SharedTensor.Share(context, 1, party == 1 ? w : [], new TensorShape(k, n));
            double[] product = xs.MatMul(ws).Rescale().Reveal();
            double[] prepared = xs.MatMul(ws.Prepare()).Rescale().Reveal();
            return (product, prepared);
        });
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = Enumerable.Range(0, k).Sum(l => x[(i * k) + l] * w[(l * n) + j]);
                Assert.InRange(results[0].product[(i * n) + j], expected - 1e-3, expected + 1e-3);
                Assert.InRange(results[1].prepared[(i * n) + j], expected - 1e-3, expected + 1e-3);
            }
        }
    }
}

using System.Diagnostics;
using Veil.Mpc.Preprocessing;
using Veil.Mpc.Tests.Harness;
using static Veil.Mpc.Tests.Preprocessing.Ot.OtPair;

namespace Veil.Mpc.Tests.Preprocessing.Ot;

public class OtEndToEndTests
{
    /// <summary>
    /// Beaver matmul, truncation, ReLU (comparison, selection) and argmax run unchanged on OT preprocessing: once on
    /// demand, then again on the recorded list prefetched in one batch (two flights each way).
    /// </summary>
    [Fact]
    public void AProtocolOnOtPreprocessingEqualsPlaintextOnDemandAndPrefetched()
    {
        double[] a = Plain.OnGrid(Plain.Uniform(4 * 10, 3, 41)), w = Plain.OnGrid(Plain.Uniform(10 * 6, 3, 42));
        List<CorrelationRequest> recorded = [];
        (double[] Logits, ulong[] Class) Session(bool prefetch) => Run((transport, id) =>
        {
            using var context = MpcContext.Create(transport, id, 2, OtTripleSource.Connect(transport, id), FixedPointFormat.Default);
            var source = (OtTripleSource)context.Triples;
            if (prefetch)
            {
                source.Prefetch(recorded);
                Assert.Equal(recorded.Count, source.PrefetchedCount);
            }

            var x = SharedTensor.Share(context, 0, id == 0 ? a : [], new TensorShape(4, 10));
            var weights = SharedTensor.Share(context, 1, id == 1 ? w : [], new TensorShape(10, 6));
            var logits = x.MatMul(weights.Prepare()).Rescale().Relu();
            var result = (logits.Reveal(), logits.Argmax().RevealEncoded());
            Assert.Equal(0, source.PrefetchedCount);
            if (!prefetch && id == 0)
            {
                recorded = [.. source.RecordedRequests];
            }

            return result;
        }).Zero;

        var results = new[] { Session(prefetch: false), Session(prefetch: true) };
        Assert.Contains(recorded, request => request.Kind == CorrelationKind.Comparison);
        double[] expected = Plain.MatMul(a, w, 4, 10, 6).Select(v => Math.Max(v, 0)).ToArray();
        foreach (var result in results)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.InRange(result.Logits[i] - expected[i], -2.0 / 65536, 2.0 / 65536);
            }

            for (int row = 0; row < 4; row++)
            {
                var values = result.Logits.Skip(row * 6).Take(6).ToArray();
                Assert.Equal((ulong)Array.IndexOf(values, values.Max()), result.Class[row]);
            }
        }
    }

    /// <summary>Convolutions (fresh and prepared kernels), elementwise products and squares on OT preprocessing.</summary>
    [Fact]
    public void ConvolutionsAndProductsOnOtPreprocessingEqualPlaintext()
    {
        const int n = 2, c = 2, h = 8, w = 8, o = 3, size = 3;
        double[] x = Plain.OnGrid(Plain.Uniform(n * c * h * w, 2, 8)), kernel = Plain.OnGrid(Plain.Uniform(o * c * size * size, 2, 9));
        var (result, _) = Run((transport, id) =>
        {
            using var context = MpcContext.Create(transport, id, 2, OtTripleSource.Connect(transport, id), FixedPointFormat.Default);
            var input = SharedTensor.Share(context, 0, id == 0 ? x : [], new TensorShape(n, c, h, w));
            var weights = SharedTensor.Share(context, 1, id == 1 ? kernel : [], new TensorShape(o, c, size, size));
            var fresh = input.Conv2d(weights, stride: 2, padding: 1).Reveal();
            var prepared = input.Conv2d(weights.Prepare(), stride: 1, padding: 0).Reveal();
            var product = input.Multiply(input.Square().Rescale()).Rescale().Reveal();
            return (fresh, prepared, product);
        });

        Assert.Equal(Plain.Conv2d(x, kernel, n, c, h, w, o, size, size, 2, 1), result.fresh);
        Assert.Equal(Plain.Conv2d(x, kernel, n, c, h, w, o, size, size, 1, 0), result.prepared);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.InRange(result.product[i] - (x[i] * x[i] * x[i]), -4.0 / 65536, 4.0 / 65536);
        }
    }

    /// <summary>
    /// Weights prepared with a mask their owner holds alone: products equal plaintext, the other party's mask share is
    /// zero, and W − B is still uniform to it (no opened word is small).
    /// </summary>
    [Fact]
    public void WeightsPreparedWithTheirOwnersMaskGiveThePlaintextProducts()
    {
        const int n = 2, c = 2, h = 8, w = 8, o = 3, size = 3;
        double[] x = Plain.OnGrid(Plain.Uniform(n * c * h * w, 2, 18)), kernel = Plain.OnGrid(Plain.Uniform(o * c * size * size, 2, 19));
        double[] a = Plain.OnGrid(Plain.Uniform(3 * 10, 3, 20)), weights = Plain.OnGrid(Plain.Uniform(10 * 6, 3, 21));
        var (zero, one) = Run((transport, id) =>
        {
            using var context = MpcContext.Create(transport, id, 2, OtTripleSource.Connect(transport, id), FixedPointFormat.Default);
            var input = SharedTensor.Share(context, 0, id == 0 ? x : [], new TensorShape(n, c, h, w));
            var filters = SharedTensor.Share(context, 1, id == 1 ? kernel : [], new TensorShape(o, c, size, size)).Prepare(knownTo: 1);
            var rows = SharedTensor.Share(context, 0, id == 0 ? a : [], new TensorShape(3, 10));
            var matrix = SharedTensor.Share(context, 1, id == 1 ? weights : [], new TensorShape(10, 6)).Prepare(knownTo: 1);
            var convolved = input.Conv2d(filters, stride: 1, padding: 1).Reveal();
            var product = rows.MatMul(matrix).Reveal();
            var again = rows.MatMul(matrix).Reveal();
            return (convolved, product, again, Masks: new[] { filters.Mask.Shares.ToArray(), matrix.Mask.Shares.ToArray() },
                Opened: filters.Opened.ToArray().Concat(matrix.Opened.ToArray()).ToArray());
        });

        Assert.Equal(Plain.Conv2d(x, kernel, n, c, h, w, o, size, size, 1, 1), zero.convolved);
        Assert.Equal(Plain.MatMul(a, weights, 3, 10, 6), zero.product);
        Assert.Equal(zero.product, zero.again);
        Assert.All(zero.Masks, mask => Assert.All(mask, share => Assert.Equal(0UL, share)));
        Assert.All(one.Masks, mask => Assert.Contains(mask, share => share != 0));
        Assert.DoesNotContain(zero.Opened, word => word + (1UL << 40) < (1UL << 41));
    }

    [Fact]
    public void OnlyPartiesZeroAndOneMayConnect()
    {
        var network = new Veil.Mpc.Transport.InProcessNetwork(3, TimeSpan.FromSeconds(1));
        Assert.Throws<ArgumentException>(() => OtTripleSource.Connect(network[2], 2));
    }

    [Fact]
    public void APeerSendingGarbageInsteadOfItsHelloIsAProtocolError()
    {
        var (zero, _) = Run((transport, id) =>
        {
            if (id == 1)
            {
                transport.Send(0, new byte[] { 1, 2, 3 });
                Thread.Sleep(200);
                return null;
            }

            return Record.Exception(() => OtTripleSource.Connect(transport, 0));
        }, timeoutSeconds: 2);
        Assert.IsType<MpcProtocolException>(zero);
    }

    [Fact]
    public void APeerSendingGarbageBaseOtPointsIsAProtocolError()
    {
        var (zero, _) = Run((transport, id) =>
        {
            if (id == 1)
            {
                byte[] hello = transport.Receive(0);
                transport.Send(0, hello);
                transport.Send(0, new byte[128 * 33]);
                Thread.Sleep(200);
                return null;
            }

            return Record.Exception(() => OtTripleSource.Connect(transport, 0));
        }, timeoutSeconds: 2);
        Assert.IsType<MpcProtocolException>(zero);
    }

    [Fact]
    public void APeerThatDisconnectsMidSetupFailsFast()
    {
        var clock = Stopwatch.StartNew();
        var (zero, _) = Run((transport, id) =>
        {
            if (id == 1)
            {
                transport.Receive(0);
                transport.Dispose();
                return null;
            }

            return Record.Exception(() => OtTripleSource.Connect(transport, 0));
        }, timeoutSeconds: 30);
        Assert.IsAssignableFrom<PeerFailedException>(zero);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void ASilentPeerTimesOut()
    {
        var (zero, _) = Run((transport, id) =>
            id == 1 ? null : Record.Exception(() => OtTripleSource.Connect(transport, 0)), timeoutSeconds: 1);
        Assert.IsAssignableFrom<PeerFailedException>(zero);
    }

    [Fact]
    public void APeerSendingGarbageMidBatchIsAProtocolError()
    {
        var (zero, _) = Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            if (id == 1)
            {
                transport.Receive(0);
                transport.Send(0, new byte[] { 0x55, 9, 9, 9 });
                Thread.Sleep(200);
                return null;
            }

            var failure = Record.Exception(() => source.Prefetch([CorrelationRequest.MatMul(2, 3, 4)]));
            Assert.Throws<InvalidOperationException>(() => source.Multiplication(2));
            return failure;
        }, timeoutSeconds: 2);
        Assert.IsType<MpcProtocolException>(zero);
    }
}

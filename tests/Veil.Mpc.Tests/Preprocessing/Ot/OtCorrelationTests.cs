using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;
using Veil.Mpc.Protocols;
using static Veil.Mpc.Tests.Preprocessing.Ot.OtPair;

namespace Veil.Mpc.Tests.Preprocessing.Ot;

/// <summary>Every correlation kind made by oblivious transfer reconstructs to what the dealer's definition says.</summary>
public class OtCorrelationTests
{
    private static readonly Conv2dShape Shape = new(2, 3, 6, 5, 4, 3, 2, stride: 1, padding: 1);

    private static readonly CorrelationRequest[] All =
    [
        CorrelationRequest.Multiplication(70),
        CorrelationRequest.Square(33),
        CorrelationRequest.MatMul(3, 5, 7),
        CorrelationRequest.MatMul(6, 4, 2),
        CorrelationRequest.Conv2d(Shape),
        CorrelationRequest.Mask(20),
        CorrelationRequest.MatMulWithMask(3, 4, 5, 0),
        CorrelationRequest.Mask(Shape.KernelCount),
        CorrelationRequest.Conv2dWithMask(Shape, 1),
        CorrelationRequest.LinearTraining(3, 4, 5, true),
        CorrelationRequest.LinearTraining(5, 2, 3, false),
        CorrelationRequest.And(3),
        CorrelationRequest.Truncation(100, 16),
        CorrelationRequest.Truncation(10, 1),
        CorrelationRequest.Comparison(130),
        CorrelationRequest.Selection(70, 2),
        CorrelationRequest.Selection(9, 0),
    ];

    [Fact]
    public void EveryKindPrefetchedInOneBatchReconstructs()
    {
        var (zero, one) = WithSources(source =>
        {
            source.Prefetch(All);
            Assert.Equal(All.Length, source.PrefetchedCount);
            return Take(source);
        });
        Check(zero, one);
    }

    [Fact]
    public void EveryKindOnDemandReconstructs()
    {
        var (zero, one) = WithSources(Take);
        Check(zero, one);
    }

    [Fact]
    public void RequestsAskedForAheadAreMadeTogetherAndReconstruct()
    {
        var (zero, one) = WithSources(source =>
        {
            source.RequestAhead(All);
            return Take(source);
        });
        Check(zero, one);
    }

    /// <summary>70 400 OTs each way (two extension windows) and ~37 MB of corrections (five messages).</summary>
    [Fact]
    public void ALargeProductSpansSeveralExtensionWindowsAndMessages()
    {
        var (zero, one) = WithSources(source =>
        {
            source.Prefetch([CorrelationRequest.MatMul(1, 1100, 130), CorrelationRequest.Truncation(3, 8)]);
            return new object[] { source.MatMul(1, 1100, 130), source.Truncation(3, 8) };
        });
        CheckMatMul(Both<ArithmeticTriple>(zero, one, 0), 1, 1100, 130);
        var pair = Both<TruncationPair>(zero, one, 1);
        Assert.Equal(Add(pair.Z.R, pair.O.R).Select(v => v >> 8), Add(pair.Z.RShifted, pair.O.RShifted));
    }

    [Fact]
    public void APrefetchListThatDoesNotMatchTheComputationIsRejected()
    {
        var (zero, one) = WithSources(source =>
        {
            source.Prefetch([CorrelationRequest.Multiplication(4)]);
            return Record.Exception(() => source.Square(4));
        });
        Assert.IsType<MpcProtocolException>(zero);
        Assert.IsType<MpcProtocolException>(one);
    }

    [Fact]
    public void PartiesPrefetchingDifferentListsFail()
    {
        var (zero, one) = Run((transport, id) =>
        {
            using var source = OtTripleSource.Connect(transport, id);
            return Record.Exception(() => source.Prefetch([CorrelationRequest.Multiplication(4 + id)]));
        });
        Assert.IsType<MpcProtocolException>(zero);
        Assert.IsType<MpcProtocolException>(one);
    }

    private static object[] Take(OtTripleSource source)
    {
        var results = new List<object>
        {
            source.Multiplication(70),
            source.Square(33),
            source.MatMul(3, 5, 7),
            source.MatMul(6, 4, 2),
            source.Conv2d(Shape),
        };
        var mask = source.Mask(20);
        results.Add(mask);
        results.Add(source.MatMul(3, 4, 5, mask));
        var kernel = source.Mask(Shape.KernelCount);
        results.Add(kernel);
        results.Add(source.Conv2d(Shape, kernel));
        results.Add(source.LinearTraining(3, 4, 5, true));
        results.Add(source.LinearTraining(5, 2, 3, false));
        results.Add(source.And(3));
        results.Add(source.Truncation(100, 16));
        results.Add(source.Truncation(10, 1));
        results.Add(source.Comparison(130));
        results.Add(source.Selection(70, 2));
        results.Add(source.Selection(9, 0));
        Assert.Equal(All, source.RecordedRequests);
        return [.. results];
    }

    private static void Check(object[] zero, object[] one)
    {
        var mul = Both<ArithmeticTriple>(zero, one, 0);
        Assert.Equal(Elementwise(Add(mul.Z.A, mul.O.A), Add(mul.Z.B, mul.O.B)), Add(mul.Z.C, mul.O.C));
        var square = Both<SquarePair>(zero, one, 1);
        var a = Add(square.Z.A, square.O.A);
        Assert.Equal(Elementwise(a, a), Add(square.Z.ASquared, square.O.ASquared));
        CheckMatMul(Both<ArithmeticTriple>(zero, one, 2), 3, 5, 7);
        CheckMatMul(Both<ArithmeticTriple>(zero, one, 3), 6, 4, 2);
        var conv = Both<ArithmeticTriple>(zero, one, 4);
        Assert.Equal(RingConv2d.Convolve(Shape, Add(conv.Z.A, conv.O.A), Add(conv.Z.B, conv.O.B)), Add(conv.Z.C, conv.O.C));
        var withMask = Both<ArithmeticTriple>(zero, one, 6);
        Assert.Equal(Both<OperandMask>(zero, one, 5).Z.Shares.ToArray(), withMask.Z.B.ToArray());
        CheckMatMul(withMask, 3, 4, 5);
        var convMask = Both<ArithmeticTriple>(zero, one, 8);
        Assert.Equal(RingConv2d.Convolve(Shape, Add(convMask.Z.A, convMask.O.A), Add(convMask.Z.B, convMask.O.B)), Add(convMask.Z.C, convMask.O.C));
        CheckTraining(Both<LinearTrainingTriple>(zero, one, 9), 3, 4, 5, true);
        CheckTraining(Both<LinearTrainingTriple>(zero, one, 10), 5, 2, 3, false);
        var and = Both<BinaryTriple>(zero, one, 11);
        ulong[] andA = Xor(and.Z.A, and.O.A), andB = Xor(and.Z.B, and.O.B);
        Assert.Equal(andA.Zip(andB, (x, y) => x & y), Xor(and.Z.C, and.O.C));
        Assert.NotEqual(andA, andB);
        CheckTruncation(Both<TruncationPair>(zero, one, 12), 16);
        CheckTruncation(Both<TruncationPair>(zero, one, 13), 1);
        CheckComparison(Both<ComparisonCorrelation>(zero, one, 14), 130);
        CheckSelection(Both<SelectionCorrelation>(zero, one, 15), 70, 2);
        CheckSelection(Both<SelectionCorrelation>(zero, one, 16), 9, 0);
    }

    private static (T Z, T O) Both<T>(object[] zero, object[] one, int index) => ((T)zero[index], (T)one[index]);

    private static ulong[] Elementwise(ulong[] x, ulong[] y) => x.Zip(y, (p, q) => p * q).ToArray();

    private static void CheckMatMul((ArithmeticTriple Z, ArithmeticTriple O) t, int m, int k, int n) =>
        Assert.Equal(RingMatMul.Multiply(Add(t.Z.A, t.O.A), Add(t.Z.B, t.O.B), m, k, n), Add(t.Z.C, t.O.C));

    private static void CheckTraining((LinearTrainingTriple Z, LinearTrainingTriple O) t, int m, int k, int n, bool inputGradient)
    {
        ulong[] a = Add(t.Z.A, t.O.A), b = Add(t.Z.B, t.O.B), d = Add(t.Z.D, t.O.D);
        Assert.Equal(RingMatMul.Multiply(a, b, m, k, n), Add(t.Z.AB, t.O.AB));
        Assert.Equal(RingMatMul.Multiply(RingMatMul.Transpose(a, m, k), d, k, m, n), Add(t.Z.ATransposeD, t.O.ATransposeD));
        Assert.Equal(inputGradient ? RingMatMul.Multiply(d, RingMatMul.Transpose(b, k, n), m, n, k) : [], Add(t.Z.DBTranspose, t.O.DBTranspose));
    }

    private static void CheckTruncation((TruncationPair Z, TruncationPair O) t, int shift)
    {
        ulong[] r = Add(t.Z.R, t.O.R);
        Assert.Equal(r.Select(v => v >> shift), Add(t.Z.RShifted, t.O.RShifted));
        Assert.Equal(r.Select(v => v >> 63), Add(t.Z.RTopBit, t.O.RTopBit));
        Assert.Contains(r, v => v >> 63 == 1);
        Assert.Contains(r, v => v >> 63 == 0);
    }

    private static void CheckComparison((ComparisonCorrelation Z, ComparisonCorrelation O) t, int count)
    {
        ulong[] r = Add(t.Z.R, t.O.R);
        int words = BitPlanes.WordsFor(count);
        var planes = new ulong[64 * words];
        BitPlanes.ToPlanes(r, planes);
        Assert.Equal(planes, Xor(t.Z.RBits, t.O.RBits));
        Assert.Equal(ComparisonCircuit.Levels.Length, t.Z.Levels.Count);
        for (int l = 0; l < t.Z.Levels.Count; l++)
        {
            var level = ComparisonCircuit.Levels[l];
            ulong[] a = Xor(t.Z.Levels[l].A, t.O.Levels[l].A), b = Xor(t.Z.Levels[l].B, t.O.Levels[l].B), c = Xor(t.Z.Levels[l].C, t.O.Levels[l].C);
            Assert.Equal(level.Pairs * words, a.Length);
            Assert.Equal(level.Gates * words, c.Length);
            for (int gate = 0; gate < level.Gates; gate++)
            {
                for (int w = 0; w < words; w++)
                {
                    Assert.Equal(a[(level.PairOfGate(gate) * words) + w] & b[(gate * words) + w], c[(gate * words) + w]);
                }
            }
        }
    }

    private static void CheckSelection((SelectionCorrelation Z, SelectionCorrelation O) t, int count, int vectors)
    {
        ulong[] bits = Xor(t.Z.Bits, t.O.Bits);
        ulong[] arithmetic = Add(t.Z.Arithmetic, t.O.Arithmetic);
        var expected = Enumerable.Range(0, count).Select(i => (bits[i >> 6] >> (i & 63)) & 1).ToArray();
        Assert.Equal(expected, arithmetic);
        Assert.Equal(vectors, t.Z.Vectors);
        for (int v = 0; v < vectors; v++)
        {
            Assert.Equal(Elementwise(Add(t.Z.Mask(v), t.O.Mask(v)), expected), Add(t.Z.MaskProduct(v), t.O.MaskProduct(v)));
        }
    }
}

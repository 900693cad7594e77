using Veil.Mpc.Tests.Harness;

namespace Veil.Mpc.Tests.Protocols;

public class ComparisonTests
{
    /// <summary>Edge inputs as raw ring elements: zero, ±1, the truncation bound, and the ends of the signed range.</summary>
    private static readonly long[] Edges = [0, 1, -1, 2, -2, (1L << 62) - 1, -(1L << 62), long.MaxValue, long.MinValue, long.MinValue + 1, 65536, -65536];

    [Theory]
    [MemberData(nameof(Configurations.All), MemberType = typeof(Configurations))]
    public void SignTestAndReluAreExactOnRandomAndEdgeInputs(TransportKind kind, int parties)
    {
        var random = new System.Random(21);
        long[] values = [.. Edges, .. Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : random.NextInt64(-(1L << 30), 1L << 30))];
        ulong[] raw = values.Select(v => unchecked((ulong)v)).ToArray();
        int n = values.Length, w = (n + 63) / 64;
        foreach (bool narrow in new[] { false, true })
        {
            // The dealer's radix-4 circuit opens 142 bits per element in 3 levels; the six-level one 180 bits in 6.
            int levels = narrow ? 6 : 3;
            long circuitBits = narrow ? Veil.Mpc.Protocols.ComparisonCircuit.OpenedBits : Veil.Mpc.Protocols.WideComparisonCircuit.OpenedBits;
            Assert.Equal(narrow ? 180 : 142, circuitBits);
            var results = MpcSession.Run(parties, context =>
            {
                var x = SharedTensor.ShareEncoded(context, 0, context.PartyId == 0 ? raw : [], new TensorShape(raw.Length), 16);
                var sign = x.NonNegative().Reveal();
                Assert.Equal(levels + 1, context.Stats.Operations["compare"].Rounds);
                var relu = x.Relu().RevealEncoded();
                Assert.Equal(levels + 2, context.Stats.Operations["relu"].Rounds);
                return (sign, relu, context.Stats.Operations["relu"].BytesSent);
            }, kind, narrowComparison: narrow);

            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i] >= 0, results[0].sign[i]);
                Assert.Equal(values[i] >= 0 ? values[i] : 0, unchecked((long)results[0].relu[i]));
            }

            // Per element and peer: 8 bytes for c, the circuit's bits, 8 bytes plus a bit in the selection; 5 header bytes a message.
            long expected = (parties - 1) * ((8L * n) + (8L * w * circuitBits) + (8L * (n + w)) + (5 * (levels + 2)));
            Assert.Equal(expected, results[0].BytesSent);
        }
    }

    [Theory]
    [MemberData(nameof(Configurations.All), MemberType = typeof(Configurations))]
    public void MaxPoolingAndArgmaxMatchPlaintext(TransportKind kind, int parties)
    {
        double[] x = Plain.OnGrid(Plain.Uniform(2 * 3 * 6 * 6, 50, 22));
        double[] logits = Plain.OnGrid(Plain.Uniform(7 * 10, 20, 23));
        logits[15] = logits[12]; // a tie in row 1: the lower index must win
        logits[12] = 99;
        logits[15] = 99;
        var results = MpcSession.Run(parties, context =>
        {
            var t = SharedTensor.Share(context, 0, context.PartyId == 0 ? x : [], new TensorShape(2, 3, 6, 6));
            var pooled = t.MaxPool2d(2, 2).Reveal();
            var pooled3 = t.MaxPool2d(3, 3).Reveal();
            var l = SharedTensor.Share(context, 1, context.PartyId == 1 ? logits : [], new TensorShape(7, 10));
            var argmax = Veil.Mpc.Protocols.Argmax.Compute(l);
            return (pooled, pooled3, Index: argmax.Indices.RevealEncodedTo(0), Max: argmax.Values.Reveal(), Rounds: context.Stats.Operations["argmax"].Rounds);
        }, kind);

        TruncationTests.AssertPooled(x, results[0].pooled, 2, Enumerable.Max);
        TruncationTests.AssertPooled(x, results[0].pooled3, 3, Enumerable.Max);
        for (int row = 0; row < 7; row++)
        {
            var values = logits.Skip(row * 10).Take(10).ToArray();
            Assert.Equal((ulong)Array.IndexOf(values, values.Max()), results[0].Index![row]);
            Assert.Equal(values.Max(), results[0].Max[row]);
        }

        Assert.Equal(12UL - 10, results[0].Index![1]);
        Assert.All(results.Skip(1), party => Assert.Null(party.Index));
        Assert.Equal(4 + 4 + 1, results[0].Rounds);
    }

    [Fact]
    public void ArgmaxOfLongRowsUsesTheTournament()
    {
        double[] values = Plain.OnGrid(Plain.Uniform(3 * 40, 20, 26));
        values[45] = values[44] = 50; // a tie in row 1 (positions 4 and 5): the lower wins
        var results = MpcSession.Run(2, context =>
        {
            var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? values : [], new TensorShape(3, 40));
            return (x.Argmax().RevealEncoded(), context.Stats.Operations["argmax"].Rounds);
        })[0];
        for (int row = 0; row < 3; row++)
        {
            var slice = values.Skip(row * 40).Take(40).ToArray();
            Assert.Equal((ulong)Array.IndexOf(slice, slice.Max()), results.Item1[row]);
        }

        Assert.Equal(6 * 5, results.Rounds);
    }

    [Theory]
    [MemberData(nameof(Configurations.All), MemberType = typeof(Configurations))]
    public void BitsConvertSelectAndCombine(TransportKind kind, int parties)
    {
        double[] a = Plain.OnGrid(Plain.Uniform(130, 10, 24)), b = Plain.OnGrid(Plain.Uniform(130, 10, 25));
        var results = MpcSession.Run(parties, context =>
        {
            var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? a : [], new TensorShape(130));
            var y = SharedTensor.Share(context, 1, context.PartyId == 1 ? b : [], new TensorShape(130));
            var ge = x.GreaterOrEqual(y);
            var positive = x.NonNegative();
            return (
                Ge: ge.Reveal(),
                Arithmetic: ge.ToArithmetic().RevealEncoded(),
                Selected: ge.Select(x, y).Select(t => t.Reveal()).ToArray(),
                And: ge.And(positive).Reveal(),
                Xor: ge.Xor(positive).Not().Reveal());
        }, kind)[0];

        for (int i = 0; i < a.Length; i++)
        {
            bool ge = a[i] >= b[i], positive = a[i] >= 0;
            Assert.Equal(ge, results.Ge[i]);
            Assert.Equal(ge ? 1UL : 0UL, results.Arithmetic[i]);
            Assert.Equal(ge ? a[i] : 0, results.Selected[0][i]);
            Assert.Equal(ge ? b[i] : 0, results.Selected[1][i]);
            Assert.Equal(ge && positive, results.And[i]);
            Assert.Equal(ge == positive, results.Xor[i]);
        }
    }
}

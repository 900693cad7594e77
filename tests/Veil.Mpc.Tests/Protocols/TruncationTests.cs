using Veil.Mpc.Protocols;
using Veil.Mpc.Tests.Harness;

namespace Veil.Mpc.Tests.Protocols;

public class TruncationTests
{
    /// <summary>
    /// Counts failures over the whole valid range |x| &lt; 2^62 and at its edges: a failure is any result other than
    /// floor(x / 2^s) or floor(x / 2^s) + 1. The documented failure probability is zero, so the count must be zero.
    /// </summary>
    [Theory]
    [MemberData(nameof(Configurations.All), MemberType = typeof(Configurations))]
    public void TruncationIsFloorOrFloorPlusOneAcrossTheWholeRange(TransportKind kind, int parties)
    {
        const int shift = 16;
        var random = new System.Random(11);
        long limit = (long)Truncation.Bound;
        var values = new List<long> { 0, 1, -1, limit - 1, -limit, -limit + 1, limit - 65536, (1L << 40) + 12345, -(1L << 40) - 12345 };
        int count = kind == TransportKind.Tls ? 2000 : 20000;
        while (values.Count < count)
        {
            // Uniform over the valid range, and small magnitudes as products usually are.
            values.Add(values.Count % 2 == 0 ? random.NextInt64(-limit, limit) : random.NextInt64(-(1L << 36), 1L << 36));
        }

        ulong[] raw = values.Select(v => unchecked((ulong)v)).ToArray();
        var shape = new TensorShape(raw.Length);
        var results = MpcSession.Run(parties, context =>
        {
            var x = SharedTensor.ShareEncoded(context, 0, context.PartyId == 0 ? raw : [], shape, 2 * shift);
            return x.Truncate(shift).RevealEncoded();
        }, kind)[0];

        int failures = 0, roundedUp = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            long floor = values[i] >> shift;
            long error = unchecked((long)results[i]) - floor;
            failures += error is 0 or 1 ? 0 : 1;
            roundedUp += error == 1 ? 1 : 0;
        }

        Assert.Equal(0, failures);
        Assert.InRange(roundedUp, raw.Length / 10, raw.Length - (raw.Length / 10));
    }

    [Fact]
    public void TruncationRoundsStochasticallyWithoutBias()
    {
        // x = k + 0.25 ulp-of-the-result: the result rounds up with probability 1/4.
        const int shift = 8, count = 20000;
        ulong[] raw = Enumerable.Range(0, count).Select(i => (ulong)((i * 256) + 64)).ToArray();
        var results = MpcSession.Run(2, context =>
            SharedTensor.ShareEncoded(context, 1, context.PartyId == 1 ? raw : [], new TensorShape(count), 24).Truncate(shift).RevealEncoded())[0];
        int up = results.Select((r, i) => (long)r - i).Count(e => e == 1);
        Assert.InRange(up / (double)count, 0.22, 0.28);
    }

    [Fact]
    public void AveragePoolingDividesByTheWindowArea()
    {
        double[] x = Plain.OnGrid(Plain.Uniform(2 * 3 * 6 * 6, 50, 12));
        var results = MpcSession.Run(2, context =>
        {
            var t = SharedTensor.Share(context, 0, context.PartyId == 0 ? x : [], new TensorShape(2, 3, 6, 6));
            return (Two: t.AvgPool2d(2, 2).Reveal(), Three: t.AvgPool2d(3, 3).Reveal());
        })[0];
        AssertPooled(x, results.Two, 2, Enumerable.Average);
        AssertPooled(x, results.Three, 3, Enumerable.Average);
    }

    internal static void AssertPooled(double[] x, double[] actual, int k, Func<IEnumerable<double>, double> reduce, int planes = 6, int size = 6)
    {
        int o = size / k;
        Assert.Equal(planes * o * o, actual.Length);
        for (int p = 0; p < planes; p++)
        {
            for (int oy = 0; oy < o; oy++)
            {
                for (int ox = 0; ox < o; ox++)
                {
                    var window = from ky in Enumerable.Range(0, k) from kx in Enumerable.Range(0, k) select x[(p * size * size) + (((oy * k) + ky) * size) + (ox * k) + kx];
                    Assert.InRange(actual[(p * o * o) + (oy * o) + ox] - reduce(window), -3.0 / 65536, 3.0 / 65536);
                }
            }
        }
    }
}

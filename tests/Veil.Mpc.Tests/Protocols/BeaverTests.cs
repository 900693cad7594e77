using Veil.Mpc.Tests.Harness;

namespace Veil.Mpc.Tests.Protocols;

public class BeaverTests
{
    private const double Ulp = 1.0 / 65536;

    [Theory]
    [MemberData(nameof(Configurations.All), MemberType = typeof(Configurations))]
    public void ElementwiseProductsMatchPlaintext(TransportKind kind, int parties)
    {
        // Random values, zero, signs, and products near the bound 2^(62-32) = 2^30 of a rescaled product.
        double[] a = Plain.OnGrid([.. Plain.Uniform(200, 100, 4), 0, -1, 1, 30000, -30000, 0.5]);
        double[] b = Plain.OnGrid([.. Plain.Uniform(200, 100, 5), 5, 0, -1, 30000, 30000, -0.5]);
        var shape = new TensorShape(a.Length);
        var results = MpcSession.Run(parties, context =>
        {
            var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? a : [], shape);
            var y = SharedTensor.Share(context, 1, context.PartyId == 1 ? b : [], shape);
            var raw = x.Multiply(y);
            Assert.Equal(32, raw.FractionalBits);
            return (Raw: raw.Reveal(), Rescaled: raw.Rescale().Reveal(), Square: x.Square().Reveal());
        }, kind);

        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i] * b[i], results[0].Raw[i]);
            Assert.InRange(results[0].Rescaled[i] - (a[i] * b[i]), -Ulp, Ulp);
            Assert.Equal(a[i] * a[i], results[0].Square[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Configurations.All), MemberType = typeof(Configurations))]
    public void MatrixProductsMatchPlaintext(TransportKind kind, int parties)
    {
        const int m = 3, k = 50, n = 20;
        double[] a = Plain.OnGrid(Plain.Uniform(m * k, 4, 6)), b = Plain.OnGrid(Plain.Uniform(k * n, 4, 7));
        var result = MpcSession.Run(parties, context =>
        {
            var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? a : [], new TensorShape(m, k));
            var w = SharedTensor.Share(context, 1, context.PartyId == 1 ? b : [], new TensorShape(k, n));
            var z = x.MatMul(w);
            Assert.Equal(new TensorShape(m, n), z.Shape);
            var stats = context.Stats.Operations["matmul"];
            Assert.Equal(1, stats.Rounds);
            Assert.Equal((parties - 1) * (((m * k) + (k * n)) * 8 + 5), stats.BytesSent);
            return z.Reveal();
        }, kind)[0];
        Assert.Equal(Plain.MatMul(a, b, m, k, n), result);
    }

    [Theory]
    [MemberData(nameof(Configurations.All), MemberType = typeof(Configurations))]
    public void PreparedOperandsServeManyProductsOpeningOnlyTheLeftOperand(TransportKind kind, int parties)
    {
        const int k = 30, n = 12;
        double[] w = Plain.OnGrid(Plain.Uniform(k * n, 3, 13)), kernel = Plain.OnGrid(Plain.Uniform(4 * 2 * 3 * 3, 3, 14));
        double[][] inputs = [Plain.OnGrid(Plain.Uniform(2 * k, 3, 15)), Plain.OnGrid(Plain.Uniform(5 * k, 3, 16))];
        double[] image = Plain.OnGrid(Plain.Uniform(2 * 6 * 6, 3, 17));
        var results = MpcSession.Run(parties, context =>
        {
            var weights = SharedTensor.Share(context, 1, context.PartyId == 1 ? w : [], new TensorShape(k, n)).Prepare();
            var filters = SharedTensor.Share(context, 1, context.PartyId == 1 ? kernel : [], new TensorShape(4, 2, 3, 3)).Prepare();
            var products = new List<double[]>();
            foreach (double[] input in inputs)
            {
                var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? input : [], new TensorShape(input.Length / k, k));
                products.Add(x.MatMul(weights).Reveal());
            }

            var picture = SharedTensor.Share(context, 0, context.PartyId == 0 ? image : [], new TensorShape(1, 2, 6, 6));
            products.Add(picture.Conv2d(filters, 1, 1).Reveal());
            return (products, Stats: context.Stats.Operations["matmul"]);
        }, kind);

        Assert.Equal(Plain.MatMul(inputs[0], w, 2, k, n), results[0].products[0]);
        Assert.Equal(Plain.MatMul(inputs[1], w, 5, k, n), results[0].products[1]);
        Assert.Equal(Plain.Conv2d(image, kernel, 1, 2, 6, 6, 4, 3, 3, 1, 1), results[0].products[2]);

        // Each product opened its left operand only; the dealer sent only C.
        Assert.Equal((parties - 1) * (((2 * k) + (5 * k)) * 8 + (2 * 5)), results[0].Stats.BytesSent);
        Assert.Equal(((2 * n) + (5 * n)) * 8 + (2 * 5), results[0].Stats.DealerBytesReceived);
    }

    /// <summary>
    /// A mask the knowing party may hold alone is only for a tensor that party shared itself: one shared by another
    /// party, or computed from shares, is refused (its holder would learn it from W − B). The dealer serves the
    /// two-sided mask, and the products are right.
    /// </summary>
    [Theory]
    [MemberData(nameof(Configurations.All), MemberType = typeof(Configurations))]
    public void OnlyATensorAPartySharedMayBePreparedAsKnownToIt(TransportKind kind, int parties)
    {
        const int k = 6, n = 4;
        double[] w = Plain.OnGrid(Plain.Uniform(k * n, 3, 23)), input = Plain.OnGrid(Plain.Uniform(2 * k, 3, 24));
        var results = MpcSession.Run(parties, context =>
        {
            var weights = SharedTensor.Share(context, 1, context.PartyId == 1 ? w : [], new TensorShape(k, n));
            Assert.Equal(1, weights.KnownTo);
            var computed = weights.Add(weights);
            Assert.Null(computed.KnownTo);
            Assert.Throws<ArgumentException>(() => computed.Prepare(knownTo: 1));
            Assert.Throws<ArgumentException>(() => weights.Prepare(knownTo: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => weights.Prepare(knownTo: parties));
            var x = SharedTensor.Share(context, 0, context.PartyId == 0 ? input : [], new TensorShape(2, k));
            return x.MatMul(weights.Prepare(knownTo: 1)).Reveal();
        }, kind);
        Assert.Equal(Plain.MatMul(input, w, 2, k, n), results[0]);
    }

    [Theory]
    [MemberData(nameof(Configurations.All), MemberType = typeof(Configurations))]
    public void ConvolutionsMatchPlaintext(TransportKind kind, int parties)
    {
        const int n = 2, c = 2, h = 8, w = 8, o = 3, kernelSize = 3;
        double[] x = Plain.OnGrid(Plain.Uniform(n * c * h * w, 2, 8)), kernel = Plain.OnGrid(Plain.Uniform(o * c * kernelSize * kernelSize, 2, 9));
        var result = MpcSession.Run(parties, context =>
        {
            var input = SharedTensor.Share(context, 0, context.PartyId == 0 ? x : [], new TensorShape(n, c, h, w));
            var weights = SharedTensor.Share(context, 1, context.PartyId == 1 ? kernel : [], new TensorShape(o, c, kernelSize, kernelSize));
            return input.Conv2d(weights, stride: 2, padding: 1).Reveal();
        }, kind)[0];
        Assert.Equal(Plain.Conv2d(x, kernel, n, c, h, w, o, kernelSize, kernelSize, 2, 1), result);
    }
}

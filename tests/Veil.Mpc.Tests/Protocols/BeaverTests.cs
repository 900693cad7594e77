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

using Veil.Mpc.Protocols;
using Veil.Mpc.Tests.Harness;

namespace Veil.Mpc.Tests.Protocols;

public class LinearTrainingTests
{
    [Theory]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(2, false)]
    public void ForwardWeightAndInputGradientsAreExactProductsFromThreeOpenings(int parties, bool inputGradient)
    {
        const int m = 5, k = 7, n = 3;
        double[] x = Plain.OnGrid(Plain.Uniform(m * k, 2, 1));
        double[] w = Plain.OnGrid(Plain.Uniform(k * n, 2, 2));
        double[] delta = Plain.OnGrid(Plain.Uniform(m * n, 2, 3));
        var results = MpcSession.Run(parties, context =>
        {
            var sx = SharedTensor.Share(context, 0, context.PartyId == 0 ? x : [], new TensorShape(m, k));
            var sw = SharedTensor.Share(context, parties - 1, context.PartyId == parties - 1 ? w : [], new TensorShape(k, n));
            var sd = SharedTensor.Share(context, 1, context.PartyId == 1 ? delta : [], new TensorShape(m, n));
            long before = context.Stats.Total.BytesSent;
            var (y, state) = LinearTraining.Forward(sx, sw, inputGradient);
            var (dw, dx) = LinearTraining.Backward(state, sd);
            long sent = context.Stats.Total.BytesSent - before;
            var again = Record.Exception(() => LinearTraining.Backward(state, sd));
            return (y.Reveal(), dw.Reveal(), dx?.Reveal(), sent, again, y.FractionalBits);
        });

        double[] expectedY = Plain.MatMul(x, w, m, k, n);
        double[] expectedDw = Plain.MatMul(Transpose(x, m, k), delta, k, m, n);
        double[] expectedDx = Plain.MatMul(delta, Transpose(w, k, n), m, n, k);
        foreach (var r in results)
        {
            // Products of values on the 2^-16 grid are exact at 32 fractional bits.
            Assert.Equal(32, r.FractionalBits);
            Assert.Equal(expectedY, r.Item1);
            Assert.Equal(expectedDw, r.Item2);
            if (inputGradient)
            {
                Assert.Equal(expectedDx, r.Item3);
            }
            else
            {
                Assert.Null(r.Item3);
            }

            // Three openings (X − A, W − B, δ − D) to each peer, with 5-byte frame headers: not six.
            Assert.Equal((parties - 1) * ((((m * k) + (k * n)) * 8) + 5 + (m * n * 8) + 5), r.sent);
            Assert.IsType<InvalidOperationException>(r.again);
        }
    }

    private static double[] Transpose(double[] a, int rows, int columns)
    {
        var t = new double[a.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                t[(j * rows) + i] = a[(i * columns) + j];
            }
        }

        return t;
    }
}

using Veil.Mpc.Protocols;
using Veil.Mpc.Tests.Harness;

namespace Veil.Mpc.Tests.Protocols;

public class MaxPoolRoutingTests
{
    [Theory]
    [InlineData(2, 2, 2)]
    [InlineData(3, 2, 2)]
    [InlineData(2, 2, 1)]
    public void TheGradientGoesToEachWindowsFirstMaximum(int parties, int kernel, int stride)
    {
        const int h = 6, w = 6;
        // Small integers: many windows hold ties, which go to the first position in row-major order.
        double[] x = Enumerable.Range(0, 2 * h * w).Select(i => (double)((i * 7 % 5) - 2)).ToArray();
        int oh = ((h - kernel) / stride) + 1, ow = ((w - kernel) / stride) + 1;
        double[] g = Enumerable.Range(0, 2 * oh * ow).Select(i => (i % 4) + 0.5).ToArray();
        var results = MpcSession.Run(parties, context =>
        {
            var sx = SharedTensor.Share(context, 0, context.PartyId == 0 ? x : [], new TensorShape(1, 2, h, w));
            var sg = SharedTensor.Share(context, 1, context.PartyId == 1 ? g : [], new TensorShape(1, 2, oh, ow));
            var (max, route) = MaxPoolRouting.Forward(sx, kernel, stride);
            return (max.Reveal(), MaxPoolRouting.Backward(route, sg).Reveal(), route.Depth);
        });

        var expectedMax = new double[g.Length];
        var expectedGradient = new double[x.Length];
        for (int c = 0, o = 0; c < 2; c++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++, o++)
                {
                    int best = -1;
                    for (int ky = 0; ky < kernel; ky++)
                    {
                        for (int kx = 0; kx < kernel; kx++)
                        {
                            int at = (c * h * w) + (((oy * stride) + ky) * w) + (ox * stride) + kx;
                            if (best < 0 || x[at] > x[best])
                            {
                                best = at;
                            }
                        }
                    }

                    expectedMax[o] = x[best];
                    expectedGradient[best] += g[o];
                }
            }
        }

        foreach (var (max, gradient, depth) in results)
        {
            Assert.Equal(2, depth);
            Assert.Equal(expectedMax, max);
            Assert.Equal(expectedGradient, gradient);
        }
    }
}

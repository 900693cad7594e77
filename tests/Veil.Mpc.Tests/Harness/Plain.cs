namespace Veil.Mpc.Tests.Harness;

/// <summary>Plaintext references and test inputs.</summary>
internal static class Plain
{
    /// <summary>Uniform reals in [-range, range] from a seeded generator (test data, not secrets).</summary>
    public static double[] Uniform(int count, double range, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, count).Select(_ => ((random.NextDouble() * 2) - 1) * range).ToArray();
    }

    /// <summary>Reals rounded to the fixed-point grid, so plaintext and secure results can be compared exactly.</summary>
    public static double[] OnGrid(double[] values, int fractionalBits = 16) =>
        values.Select(v => Math.Round(v * Math.ScaleB(1, fractionalBits)) * Math.ScaleB(1, -fractionalBits)).ToArray();

    public static double[] MatMul(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                for (int j = 0; j < n; j++)
                {
                    c[(i * n) + j] += a[(i * k) + p] * b[(p * n) + j];
                }
            }
        }

        return c;
    }

    public static double[] Conv2d(double[] x, double[] w, int n, int c, int h, int wd, int o, int kh, int kw, int stride, int pad)
    {
        int oh = ((h + (2 * pad) - kh) / stride) + 1, ow = ((wd + (2 * pad) - kw) / stride) + 1;
        var y = new double[n * o * oh * ow];
        for (int b = 0; b < n; b++)
        {
            for (int oc = 0; oc < o; oc++)
            {
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double sum = 0;
                        for (int ic = 0; ic < c; ic++)
                        {
                            for (int ky = 0; ky < kh; ky++)
                            {
                                for (int kx = 0; kx < kw; kx++)
                                {
                                    int iy = (oy * stride) + ky - pad, ix = (ox * stride) + kx - pad;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                                    {
                                        sum += x[(((b * c) + ic) * h * wd) + (iy * wd) + ix] * w[(((oc * c) + ic) * kh * kw) + (ky * kw) + kx];
                                    }
                                }
                            }
                        }

                        y[(((b * o) + oc) * oh * ow) + (oy * ow) + ox] = sum;
                    }
                }
            }
        }

        return y;
    }
}

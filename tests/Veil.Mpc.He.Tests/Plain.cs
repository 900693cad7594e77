namespace Veil.Mpc.He.Tests;

/// <summary>Plaintext reference arithmetic mod 2^64.</summary>
internal static class Plain
{
    public static ulong[] Random(int count, int seed)
    {
        var random = new System.Random(seed);
        var values = new ulong[count];
        random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public static ulong[] Add(ulong[] x, ulong[] y) => x.Zip(y, (a, b) => unchecked(a + b)).ToArray();

    public static ulong[] MatMul(ulong[] a, ulong[] b, int m, int k, int n)
    {
        var c = new ulong[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int l = 0; l < k; l++)
            {
                ulong x = a[(i * k) + l];
                for (int j = 0; j < n; j++)
                {
                    c[(i * n) + j] = unchecked(c[(i * n) + j] + (x * b[(l * n) + j]));
                }
            }
        }

        return c;
    }

    public static ulong[] Transpose(ulong[] a, int rows, int columns)
    {
        var t = new ulong[a.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                t[(j * rows) + i] = a[(i * columns) + j];
            }
        }

        return t;
    }

    /// <summary>Direct convolution (cross-correlation), NCHW, zero padding.</summary>
    public static ulong[] Conv(Conv2dShape s, ulong[] x, ulong[] w)
    {
        var y = new ulong[s.OutputCount];
        int patch = s.InChannels * s.KernelHeight * s.KernelWidth;
        for (int index = 0; index < y.Length; index++)
        {
            int ox = index % s.OutWidth, oy = index / s.OutWidth % s.OutHeight;
            int o = index / (s.OutWidth * s.OutHeight) % s.OutChannels, b = index / (s.OutWidth * s.OutHeight * s.OutChannels);
            ulong sum = 0;
            for (int q = 0; q < patch; q++)
            {
                int kx = q % s.KernelWidth, ky = q / s.KernelWidth % s.KernelHeight, c = q / (s.KernelWidth * s.KernelHeight);
                int iy = (oy * s.Stride) + ky - s.Padding, ix = (ox * s.Stride) + kx - s.Padding;
                if (iy >= 0 && ix >= 0 && iy < s.Height && ix < s.Width)
                {
                    sum = unchecked(sum + (x[((((b * s.InChannels) + c) * s.Height) + iy) * s.Width + ix] * w[(o * patch) + q]));
                }
            }

            y[index] = sum;
        }

        return y;
    }

    /// <summary>The negacyclic product a·b mod (X^N + 1, 2^64).</summary>
    public static ulong[] Negacyclic(ulong[] a, ulong[] b)
    {
        int n = a.Length;
        var c = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            ulong x = a[i];
            for (int j = 0; j < n; j++)
            {
                int d = i + j;
                ulong p = unchecked(x * b[j]);
                if (d < n)
                {
                    c[d] = unchecked(c[d] + p);
                }
                else
                {
                    c[d - n] = unchecked(c[d - n] - p);
                }
            }
        }

        return c;
    }
}

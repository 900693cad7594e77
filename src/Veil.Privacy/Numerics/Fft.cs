namespace Veil.Privacy.Numerics;

/// <summary>
/// An in-place radix-2 complex fast Fourier transform on split real and imaginary arrays, for the numerical
/// composition of privacy loss distributions (a T-fold convolution is a T-th power of the spectrum).
/// </summary>
/// <remarks>
/// Forward: X[k] = sum_n x[n] exp(-2 pi i k n / N). Inverse: the conjugate transform divided by N. The twiddle
/// factors are computed directly with Math.Cos and Math.Sin (no recurrence), so the round-off of a transform of size
/// N is about log2(N) units in the last place relative to the largest value.
/// Thread-safety: an instance holds only read-only tables and may be shared between threads.
/// </remarks>
internal sealed class Fft
{
    private readonly double[] _cos;
    private readonly double[] _sin;

    /// <summary>Prepares the tables for transforms of <paramref name="size"/> points.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not a power of two of at least 2.</exception>
    public Fft(int size)
    {
        if (size < 2 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two of at least 2.");
        }

        Size = size;
        _cos = new double[size / 2];
        _sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++)
        {
            double angle = 2 * Math.PI * k / size;
            _cos[k] = Math.Cos(angle);
            _sin[k] = Math.Sin(angle);
        }
    }

    /// <summary>The number of points.</summary>
    public int Size { get; }

    /// <summary>Replaces (re, im) by its forward transform.</summary>
    public void Forward(Span<double> re, Span<double> im) => Transform(re, im, -1);

    /// <summary>Replaces (re, im) by its inverse transform (including the 1/N factor).</summary>
    public void Inverse(Span<double> re, Span<double> im)
    {
        Transform(re, im, +1);
        double scale = 1.0 / Size;
        for (int i = 0; i < Size; i++)
        {
            re[i] *= scale;
            im[i] *= scale;
        }
    }

    private void Transform(Span<double> re, Span<double> im, int sign)
    {
        Guard.LengthEquals(re.Length, Size, nameof(re));
        Guard.LengthEquals(im.Length, Size, nameof(im));
        BitReverse(re, im);
        int n = Size;
        for (int half = 1; half < n; half <<= 1)
        {
            int stride = n / (2 * half);
            for (int start = 0; start < n; start += 2 * half)
            {
                for (int k = 0; k < half; k++)
                {
                    double wr = _cos[k * stride];
                    double wi = sign * _sin[k * stride];
                    int a = start + k;
                    int b = a + half;
                    double tr = (re[b] * wr) - (im[b] * wi);
                    double ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    private void BitReverse(Span<double> re, Span<double> im)
    {
        int n = Size;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
    }
}

using Veil.Arithmetic;

namespace Veil.He.Ckks;

/// <summary>
/// The canonical embedding of CKKS as a complex FFT of length h = N/2. With ζ = e^(iπ/N), slot j of a real polynomial m
/// is m(ζ^(5^j)). Because 5^j ≡ 1 mod 4, ζ^(5^j·h) = i, so m(ζ^(5^j)) = p(ζ^(5^j)) for the complex polynomial
/// p_k = m_k + i·m_(k+h) of degree below h; and {5^j mod 2N} = {4t + 1}, so the slots are p(ζ·ω^t) with ω = e^(2πi/h):
/// a twist by ζ^k followed by a DFT of length h, read at t_j = (5^j mod 2N − 1)/4.
/// </summary>
/// <remarks>Thread-safety: immutable tables; the transforms work in the caller's spans.</remarks>
internal sealed class SpecialFft
{
    private readonly int _logH;
    private readonly double[] _cos, _sin;
    private readonly double[] _twistCos, _twistSin;
    private readonly int[] _bitReverse;

    public SpecialFft(int logN)
    {
        _logH = logN - 1;
        H = 1 << _logH;
        int n = 1 << logN;
        _cos = new double[H / 2];
        _sin = new double[H / 2];
        for (int k = 0; k < H / 2; k++)
        {
            double angle = 2 * Math.PI * k / H;
            (_sin[k], _cos[k]) = Math.SinCos(angle);
        }

        _twistCos = new double[H];
        _twistSin = new double[H];
        for (int k = 0; k < H; k++)
        {
            (_twistSin[k], _twistCos[k]) = Math.SinCos(Math.PI * k / n);
        }

        _bitReverse = new int[H];
        for (int k = 0; k < H; k++)
        {
            _bitReverse[k] = NttTables.BitReverse(k, _logH);
        }

        SlotIndex = new int[H];
        ulong twoN = 2UL * (ulong)n, power = 1;
        for (int j = 0; j < H; j++)
        {
            SlotIndex[j] = (int)((power - 1) / 4);
            power = power * 5 % twoN;
        }
    }

    /// <summary>h = N/2, the number of slots.</summary>
    public int H { get; }

    /// <summary>SlotIndex[j] = t_j: the DFT output that holds slot j.</summary>
    public int[] SlotIndex { get; }

    /// <summary>Slots from p: (re, im) hold p_k on entry and the DFT outputs X_t (slot j at t_j) on exit.</summary>
    public void ToSlots(Span<double> re, Span<double> im)
    {
        for (int k = 0; k < H; k++)
        {
            // p_k·ζ^k
            double a = re[k], b = im[k], c = _twistCos[k], s = _twistSin[k];
            re[k] = (a * c) - (b * s);
            im[k] = (a * s) + (b * c);
        }

        Transform(re, im, inverse: false);
    }

    /// <summary>p from slots: (re, im) hold X_t on entry and p_k on exit.</summary>
    public void FromSlots(Span<double> re, Span<double> im)
    {
        Transform(re, im, inverse: true);
        double scale = 1.0 / H;
        for (int k = 0; k < H; k++)
        {
            // x_k·ζ^-k / h
            double a = re[k] * scale, b = im[k] * scale, c = _twistCos[k], s = _twistSin[k];
            re[k] = (a * c) + (b * s);
            im[k] = (b * c) - (a * s);
        }
    }

    /// <summary>Radix-2 decimation in time: X_t = Σ_k x_k·e^(±2πi·tk/h), + for forward, − for inverse (no 1/h).</summary>
    private void Transform(Span<double> re, Span<double> im, bool inverse)
    {
        for (int k = 0; k < H; k++)
        {
            int r = _bitReverse[k];
            if (r > k)
            {
                (re[k], re[r]) = (re[r], re[k]);
                (im[k], im[r]) = (im[r], im[k]);
            }
        }

        double sign = inverse ? -1 : 1;
        for (int length = 2, step = H / 2; length <= H; length <<= 1, step >>= 1)
        {
            int half = length / 2;
            for (int start = 0; start < H; start += length)
            {
                for (int j = 0; j < half; j++)
                {
                    double c = _cos[j * step], s = sign * _sin[j * step];
                    int u = start + j, v = u + half;
                    double vr = (re[v] * c) - (im[v] * s);
                    double vi = (re[v] * s) + (im[v] * c);
                    re[v] = re[u] - vr;
                    im[v] = im[u] - vi;
                    re[u] += vr;
                    im[u] += vi;
                }
            }
        }
    }
}

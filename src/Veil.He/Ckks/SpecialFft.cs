using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Veil.Arithmetic;

namespace Veil.He.Ckks;

/// <summary>
/// The canonical embedding of CKKS as a complex FFT of length h = N/2. With ζ = e^(iπ/N), slot j of a real polynomial m
/// is m(ζ^(5^j)). Because 5^j ≡ 1 mod 4, ζ^(5^j·h) = i, so m(ζ^(5^j)) = p(ζ^(5^j)) for the complex polynomial
/// p_k = m_k + i·m_(k+h) of degree below h; and {5^j mod 2N} = {4t + 1}, so the slots are p(ζ·ω^t) with ω = e^(2πi/h):
/// a twist by ζ^k followed by a DFT of length h, read at t_j = (5^j mod 2N − 1)/4.
/// </summary>
/// <remarks>The DFT is radix-2 decimation in time on split real and imaginary arrays; stages with at least 8 butterflies
/// per group run on <see cref="Vector512{T}"/> or <see cref="Vector256{T}"/> lanes.
/// Thread-safety: immutable tables; the transforms work in the caller's spans.</remarks>
internal sealed class SpecialFft
{
    private readonly int _logH;
    private readonly double[] _cos, _sin;          // stage with half-size m: e^(2πi·j/(2m)) at [m + j], j < m
    private readonly double[] _twistCos, _twistSin;
    private readonly int[] _bitReverse;

    public SpecialFft(int logN)
    {
        _logH = logN - 1;
        H = 1 << _logH;
        int n = 1 << logN;
        _cos = new double[H];
        _sin = new double[H];
        for (int m = 1; m < H; m <<= 1)
        {
            for (int j = 0; j < m; j++)
            {
                (_sin[m + j], _cos[m + j]) = Math.SinCos(Math.PI * j / m);
            }
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

    /// <summary>X_t = Σ_k x_k·e^(±2πi·tk/h), + for forward, − for inverse (no 1/h).</summary>
    private void Transform(Span<double> reSpan, Span<double> imSpan, bool inverse)
    {
        ref double re = ref MemoryMarshal.GetReference(reSpan);
        ref double im = ref MemoryMarshal.GetReference(imSpan);
        for (int k = 0; k < H; k++)
        {
            int r = _bitReverse[k];
            if (r > k)
            {
                (Unsafe.Add(ref re, k), Unsafe.Add(ref re, r)) = (Unsafe.Add(ref re, r), Unsafe.Add(ref re, k));
                (Unsafe.Add(ref im, k), Unsafe.Add(ref im, r)) = (Unsafe.Add(ref im, r), Unsafe.Add(ref im, k));
            }
        }

        double sign = inverse ? -1 : 1;
        ref double cos = ref MemoryMarshal.GetArrayDataReference(_cos);
        ref double sin = ref MemoryMarshal.GetArrayDataReference(_sin);
        for (int m = 1; m < H; m <<= 1)
        {
            int width = Vector512.IsHardwareAccelerated ? Vector512<double>.Count : Vector256.IsHardwareAccelerated ? Vector256<double>.Count : int.MaxValue;
            if (m >= width && width == Vector512<double>.Count)
            {
                var signs = Vector512.Create(sign);
                for (int start = 0; start < H; start += 2 * m)
                {
                    for (int j = 0; j < m; j += 8)
                    {
                        var c = Vector512.LoadUnsafe(ref cos, (nuint)(m + j));
                        var s = Vector512.LoadUnsafe(ref sin, (nuint)(m + j)) * signs;
                        nuint u = (nuint)(start + j), v = u + (nuint)m;
                        var vr = Vector512.LoadUnsafe(ref re, v);
                        var vi = Vector512.LoadUnsafe(ref im, v);
                        var tr = (vr * c) - (vi * s);
                        var ti = (vr * s) + (vi * c);
                        var ur = Vector512.LoadUnsafe(ref re, u);
                        var ui = Vector512.LoadUnsafe(ref im, u);
                        (ur - tr).StoreUnsafe(ref re, v);
                        (ui - ti).StoreUnsafe(ref im, v);
                        (ur + tr).StoreUnsafe(ref re, u);
                        (ui + ti).StoreUnsafe(ref im, u);
                    }
                }
            }
            else if (m >= width)
            {
                var signs = Vector256.Create(sign);
                for (int start = 0; start < H; start += 2 * m)
                {
                    for (int j = 0; j < m; j += 4)
                    {
                        var c = Vector256.LoadUnsafe(ref cos, (nuint)(m + j));
                        var s = Vector256.LoadUnsafe(ref sin, (nuint)(m + j)) * signs;
                        nuint u = (nuint)(start + j), v = u + (nuint)m;
                        var vr = Vector256.LoadUnsafe(ref re, v);
                        var vi = Vector256.LoadUnsafe(ref im, v);
                        var tr = (vr * c) - (vi * s);
                        var ti = (vr * s) + (vi * c);
                        var ur = Vector256.LoadUnsafe(ref re, u);
                        var ui = Vector256.LoadUnsafe(ref im, u);
                        (ur - tr).StoreUnsafe(ref re, v);
                        (ui - ti).StoreUnsafe(ref im, v);
                        (ur + tr).StoreUnsafe(ref re, u);
                        (ui + ti).StoreUnsafe(ref im, u);
                    }
                }
            }
            else
            {
                for (int start = 0; start < H; start += 2 * m)
                {
                    for (int j = 0; j < m; j++)
                    {
                        double c = Unsafe.Add(ref cos, m + j), s = sign * Unsafe.Add(ref sin, m + j);
                        int u = start + j, v = u + m;
                        double vr = Unsafe.Add(ref re, v), vi = Unsafe.Add(ref im, v);
                        double tr = (vr * c) - (vi * s), ti = (vr * s) + (vi * c);
                        double ur = Unsafe.Add(ref re, u), ui = Unsafe.Add(ref im, u);
                        Unsafe.Add(ref re, v) = ur - tr;
                        Unsafe.Add(ref im, v) = ui - ti;
                        Unsafe.Add(ref re, u) = ur + tr;
                        Unsafe.Add(ref im, u) = ui + ti;
                    }
                }
            }
        }
    }
}

using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Veil.Random;

namespace Veil.Privacy.Mechanisms;

/// <summary>
/// Fast Gaussian noise from a cryptographic generator, for DP-SGD's gradient noise (millions of coordinates a step),
/// where the exact discrete samplers (a few microseconds a sample) are too slow.
/// </summary>
/// <remarks>
/// <para>Method: the ziggurat of Marsaglia and Tsang (2000) with 256 layers (<see cref="ZigguratTables"/>), with
/// Doornik's (2005) fix: the layer index and the uniform come from disjoint bits of one 64-bit word (layer: the low 8
/// bits; signed uniform u = ((w &gt;&gt; 12) + 1/2) 2^-51 - 1 in (-1, 1), symmetric: the top 52 bits). 99% of values
/// take one word, one multiplication and one comparison (u X[i] with |u| below X[i+1]/X[i]); the rest are decided
/// exactly by the wedge test with exp(), or drawn from the tail beyond r = 3.654 by Marsaglia's method
/// (x = -ln(U1)/r, y = -ln(U2), accept when 2y &gt;= x²) with U = ((w &gt;&gt; 11) + 1) 2^-53 in (0, 1], so the tails
/// reach beyond 13 standard deviations. Everything is in double precision, rounded once to float at the end.</para>
/// <para>Floating point, honestly: the accountants assume real-valued Gaussian noise. This generator's output is a
/// double-precision approximation of it: the set of values it can produce is finite and not evenly spaced, which is
/// the hook of the attacks of Mironov (2012) on the Laplace mechanism and of Holohan and Braghin (2021) and Jin et
/// al. (2022) on Gaussian samplers. Mitigations here: the words come from a CSPRNG (the OS generator, or AES-256-CTR for seeded
/// runs), so an attacker cannot predict or replay them; DP-SGD adds the noise to a sum of clipped
/// gradients that is then scaled and rounded to float, far coarser than the double-precision noise; and
/// <see cref="Hardened"/> mode draws each value as (Z1 + Z2 + Z3 + Z4)/2, the countermeasure of Holohan and Braghin
/// (2021, Sec. 5.1) that Opacus's secure mode uses, at four times the cost. No formal DP guarantee covers floating-point
/// Gaussian noise; where one is needed, use <see cref="GaussianMechanism"/> (exact discrete Gaussian on a grid).</para>
/// <para>Thread-safety: not safe for concurrent use; create one per thread.</para>
/// </remarks>
public sealed class GaussianNoise : IDisposable
{
    private const int BatchSize = 2048;
    private const double TwoToMinus51 = 1.0 / (1L << 51);
    private const double TwoToMinus53 = 1.0 / (1L << 53);

    private readonly IRandomSource _random;
    private readonly bool _ownsRandom;
    private const int SpareWords = 64;
    private readonly ulong[] _words = new ulong[BatchSize];
    private readonly ulong[] _spare = new ulong[SpareWords];
    private readonly double[] _batch = new double[BatchSize];
    private readonly double[] _extra = new double[BatchSize];
    private int _nextSpare = SpareWords;

    /// <summary>Creates a generator over <paramref name="random"/> (not owned).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public GaussianNoise(IRandomSource random, bool hardened = false)
        : this(Guard.NotNull(random), hardened, ownsRandom: false)
    {
    }

    private GaussianNoise(IRandomSource random, bool hardened, bool ownsRandom)
    {
        _random = random;
        Hardened = hardened;
        _ownsRandom = ownsRandom;
    }

    /// <summary>True when each value is (Z1 + Z2 + Z3 + Z4)/2 (four times the cost).</summary>
    public bool Hardened { get; }

    /// <summary>A generator over the operating system's CSPRNG (<see cref="CryptoRandom"/>; it fills the 16 KB word
    /// buffer in one call, faster here than AES-256-CTR in managed code).</summary>
    public static GaussianNoise CreateSecure(bool hardened = false) =>
        new(new CryptoRandom(), hardened, ownsRandom: true);

    /// <summary>A reproducible generator over AES-256-CTR keyed with <paramref name="seed"/> (32 bytes): the same seed
    /// gives the same noise. For tests and reproducible experiments; the seed is then as secret as the data.</summary>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is not 32 bytes.</exception>
    public static GaussianNoise CreateSeeded(ReadOnlySpan<byte> seed, bool hardened = false) =>
        new(new AesCtrPrg(seed), hardened, ownsRandom: true);

    /// <summary>destination[i] = sigma * Z_i with independent standard normals Z_i.</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="standardDeviation"/> is negative or not finite.</exception>
    public void Fill(Span<double> destination, double standardDeviation)
    {
        PrivacyGuard.NotNegative(standardDeviation, "standard deviation");
        while (!destination.IsEmpty)
        {
            int take = Math.Min(destination.Length, _batch.Length);
            Span<double> batch = NextBatch();
            TensorPrimitives.Multiply(batch[..take], standardDeviation, destination[..take]);
            destination = destination[take..];
        }
    }

    /// <summary>destination[i] = sigma * Z_i, computed in double and rounded once to float.</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="standardDeviation"/> is negative or not finite.</exception>
    public void Fill(Span<float> destination, double standardDeviation)
    {
        PrivacyGuard.NotNegative(standardDeviation, "standard deviation");
        while (!destination.IsEmpty)
        {
            int take = Math.Min(destination.Length, _batch.Length);
            Span<double> batch = NextBatch()[..take];
            TensorPrimitives.Multiply(batch, standardDeviation, batch);
            Narrow(batch, destination[..take]);
            destination = destination[take..];
        }
    }

    /// <summary>values[i] += sigma * Z_i (the sum formed in double, rounded once to float).</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="standardDeviation"/> is negative or not finite.</exception>
    public void AddTo(Span<float> values, double standardDeviation)
    {
        PrivacyGuard.NotNegative(standardDeviation, "standard deviation");
        while (!values.IsEmpty)
        {
            int take = Math.Min(values.Length, _batch.Length);
            AddScaled(NextBatch()[..take], standardDeviation, values[..take]);
            values = values[take..];
        }
    }

    /// <summary>values[i] += sigma * Z_i.</summary>
    /// <exception cref="PrivacyParameterException"><paramref name="standardDeviation"/> is negative or not finite.</exception>
    public void AddTo(Span<double> values, double standardDeviation)
    {
        PrivacyGuard.NotNegative(standardDeviation, "standard deviation");
        while (!values.IsEmpty)
        {
            int take = Math.Min(values.Length, _batch.Length);
            Span<double> batch = NextBatch()[..take];
            TensorPrimitives.MultiplyAdd(batch, standardDeviation, values[..take], values[..take]);
            values = values[take..];
        }
    }

    /// <summary>Releases the generator when this instance created it.</summary>
    public void Dispose()
    {
        if (_ownsRandom && _random is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    /// <summary>A fresh batch of standard normals (hardened: each the scaled sum of four).</summary>
    private Span<double> NextBatch()
    {
        Standard(_batch);
        if (Hardened)
        {
            for (int i = 0; i < 3; i++)
            {
                Standard(_extra);
                TensorPrimitives.Add(_batch, _extra, _batch);
            }

            TensorPrimitives.Multiply(_batch, 0.5, _batch);
        }

        return _batch;
    }

    /// <summary>Fills <paramref name="destination"/> with standard normals (the ziggurat; see the remarks): one word
    /// per value, from a buffer filled in one call; the rare slow cases draw further words from a separate buffer.</summary>
    private void Standard(Span<double> destination)
    {
        Span<ulong> words = _words.AsSpan(0, destination.Length);
        _random.Fill(words);
        ReadOnlySpan<double> width = ZigguratTables.Width;
        ReadOnlySpan<double> ratio = ZigguratTables.InnerRatio;
        for (int k = 0; k < words.Length; k++)
        {
            ulong w = words[k];
            int layer = (int)(w & (ZigguratTables.Layers - 1));
            double u = ((w >> 12) + 0.5) * TwoToMinus51 - 1;
            destination[k] = Math.Abs(u) < ratio[layer] ? u * width[layer] : Slow(layer, u);
        }
    }

    /// <summary>The rare cases: the tail (layer 0) or the wedge test, and on rejection a fresh draw.</summary>
    private double Slow(int layer, double u)
    {
        double[] width = ZigguratTables.Width;
        double[] height = ZigguratTables.Height;
        while (true)
        {
            if (layer == 0)
            {
                double r = ZigguratTables.TailStart, x, y;
                do
                {
                    x = -Math.Log(Uniform()) / r;
                    y = -Math.Log(Uniform());
                }
                while (y + y < x * x);

                return u < 0 ? -(r + x) : r + x;
            }

            // The point (|u| X[i], y) with y uniform between f(X[i]) and f(X[i+1]) lies under f(x)?
            double candidate = u * width[layer];
            double fx = Math.Exp(-0.5 * candidate * candidate);
            if (height[layer] + (Uniform() * (height[layer + 1] - height[layer])) < fx)
            {
                return candidate;
            }

            ulong w = NextSpareWord();
            layer = (int)(w & (ZigguratTables.Layers - 1));
            u = ((w >> 12) + 0.5) * TwoToMinus51 - 1;
            if (Math.Abs(u) < ZigguratTables.InnerRatio[layer])
            {
                return u * width[layer];
            }
        }
    }

    /// <summary>A uniform in (0, 1]: ((w &gt;&gt; 11) + 1) 2^-53, exact.</summary>
    private double Uniform() => ((NextSpareWord() >> 11) + 1) * TwoToMinus53;

    private ulong NextSpareWord()
    {
        if (_nextSpare == SpareWords)
        {
            _random.Fill(_spare);
            _nextSpare = 0;
        }

        return _spare[_nextSpare++];
    }

    /// <summary>target[i] = (float)(target[i] + scale * noise[i]), the sum formed in double.</summary>
    private static void AddScaled(ReadOnlySpan<double> noise, double scale, Span<float> target)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            int step = Vector512<float>.Count;
            var factor = Vector512.Create(scale);
            for (; i <= target.Length - step; i += step)
            {
                (Vector512<double> low, Vector512<double> high) = Vector512.Widen(Vector512.Create<float>(target.Slice(i, step)));
                low = Vector512.FusedMultiplyAdd(Vector512.Create(noise.Slice(i, step / 2)), factor, low);
                high = Vector512.FusedMultiplyAdd(Vector512.Create(noise.Slice(i + (step / 2), step / 2)), factor, high);
                Vector512.Narrow(low, high).CopyTo(target[i..]);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] = (float)(target[i] + (scale * noise[i]));
        }
    }

    private static void Narrow(ReadOnlySpan<double> source, Span<float> destination)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            int step = Vector512<float>.Count;
            for (; i <= source.Length - step; i += step)
            {
                Vector512<double> low = Vector512.Create(source.Slice(i, step / 2));
                Vector512<double> high = Vector512.Create(source.Slice(i + (step / 2), step / 2));
                Vector512.Narrow(low, high).CopyTo(destination[i..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = (float)source[i];
        }
    }
}

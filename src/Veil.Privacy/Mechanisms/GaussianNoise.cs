using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Veil.Random;

namespace Veil.Privacy.Mechanisms;

/// <summary>
/// Fast Gaussian noise from a cryptographic generator, for DP-SGD's gradient noise (millions of coordinates a step),
/// where the exact discrete samplers (a few microseconds a sample) are too slow.
/// </summary>
/// <remarks>
/// <para>Method: the Box-Muller transform, vectorised. Each pair of normals uses two 64-bit words of the generator:
/// u1 = (w1 + 1/2) 2^-64 in (0, 1], theta = 2 pi (w2 &gt;&gt; 11) 2^-53, z = sqrt(-2 ln u1) (cos theta, sin theta).
/// The radius uses all 64 bits, so the samples reach 9.4 standard deviations (the Gaussian mass beyond is 4.5e-21);
/// logarithm, square root, sine and cosine come from System.Numerics.Tensors (AVX-512 where available), in double
/// precision, rounded once to float at the end.</para>
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
    private const int Pairs = 1024;
    private const double TwoToMinus64 = 5.421010862427522170037264004349708557128906250e-20;
    private const double TwoPiTimesTwoToMinus53 = 2 * Math.PI / 9007199254740992.0;

    private readonly IRandomSource _random;
    private readonly bool _ownsRandom;
    private readonly ulong[] _words = new ulong[2 * Pairs];
    private readonly double[] _radius = new double[Pairs];
    private readonly double[] _angle = new double[Pairs];
    private readonly double[] _sin = new double[Pairs];
    private readonly double[] _cos = new double[Pairs];
    private readonly double[] _batch = new double[2 * Pairs];
    private readonly double[] _extra = new double[2 * Pairs];

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
            Span<double> batch = NextBatch()[..take];
            Span<float> target = values[..take];
            for (int i = 0; i < take; i++)
            {
                target[i] = (float)(target[i] + (standardDeviation * batch[i]));
            }

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
        BoxMuller(_batch);
        if (Hardened)
        {
            for (int i = 0; i < 3; i++)
            {
                BoxMuller(_extra);
                TensorPrimitives.Add(_batch, _extra, _batch);
            }

            TensorPrimitives.Multiply(_batch, 0.5, _batch);
        }

        return _batch;
    }

    /// <summary>Fills <paramref name="destination"/> (2 * Pairs values) with standard normals.</summary>
    private void BoxMuller(Span<double> destination)
    {
        _random.Fill(_words);
        ReadOnlySpan<ulong> radiusWords = _words.AsSpan(0, Pairs);
        ReadOnlySpan<ulong> angleWords = _words.AsSpan(Pairs, Pairs);
        ToUnitInterval(radiusWords, _radius);
        TensorPrimitives.Log(_radius, _radius);
        TensorPrimitives.Multiply(_radius, -2.0, _radius);
        TensorPrimitives.Sqrt(_radius, _radius);
        ToAngle(angleWords, _angle);
        TensorPrimitives.Sin(_angle, _sin); // separate Sin and Cos: both vectorised, SinCos is not (.NET 10)
        TensorPrimitives.Cos(_angle, _cos);
        TensorPrimitives.Multiply(_radius, _cos, destination[..Pairs]);
        TensorPrimitives.Multiply(_radius, _sin, destination[Pairs..]);
    }

    /// <summary>u = (w + 1/2) 2^-64, in (0, 1].</summary>
    private static void ToUnitInterval(ReadOnlySpan<ulong> words, Span<double> destination)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= words.Length - Vector512<ulong>.Count; i += Vector512<ulong>.Count)
            {
                Vector512<double> value = Vector512.ConvertToDouble(Vector512.Create(words.Slice(i, Vector512<ulong>.Count)));
                ((value + Vector512.Create(0.5)) * TwoToMinus64).CopyTo(destination[i..]);
            }
        }

        for (; i < words.Length; i++)
        {
            destination[i] = (words[i] + 0.5) * TwoToMinus64;
        }
    }

    /// <summary>theta = 2 pi (w &gt;&gt; 11) 2^-53, in [0, 2 pi).</summary>
    private static void ToAngle(ReadOnlySpan<ulong> words, Span<double> destination)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= words.Length - Vector512<ulong>.Count; i += Vector512<ulong>.Count)
            {
                Vector512<ulong> top = Vector512.ShiftRightLogical(Vector512.Create(words.Slice(i, Vector512<ulong>.Count)), 11);
                (Vector512.ConvertToDouble(top) * TwoPiTimesTwoToMinus53).CopyTo(destination[i..]);
            }
        }

        for (; i < words.Length; i++)
        {
            destination[i] = (words[i] >> 11) * TwoPiTimesTwoToMinus53;
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

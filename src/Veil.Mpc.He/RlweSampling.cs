using System.Numerics;
using System.Runtime.InteropServices;
using Veil.Arithmetic;
using System.Runtime.Intrinsics;
using Veil.Random;

namespace Veil.Mpc.He;

/// <summary>
/// The distributions of the RLWE scheme: uniform ternary secrets, centered-binomial errors, uniform residues expanded
/// from a public seed, and wide uniform flooding noise.
/// </summary>
/// <remarks>
/// Errors are centered binomial with 21 coin pairs: e = popcount(a) − popcount(b) for 21-bit a and b, standard
/// deviation √10.5 ≈ 3.24 (at least the σ = 3.2 of the HE Standard table) and |e| ≤ 21.
/// Thread-safety: stateless; the random sources passed in are not thread-safe.
/// </remarks>
internal static class RlweSampling
{
    /// <summary>The largest error magnitude.</summary>
    public const int ErrorBound = 21;

    /// <summary>Fills <paramref name="destination"/> with independent uniform values in {−1, 0, 1} (Veil.He's sampler).</summary>
    public static void Ternary(IRandomSource random, Span<long> destination) => Veil.He.Rlwe.Sampling.Ternary(random, destination);

    /// <summary>Fills <paramref name="destination"/> with centered-binomial errors in [−21, 21].</summary>
    public static void Error(IRandomSource random, Span<long> destination)
    {
        Span<ulong> words = stackalloc ulong[256];
        for (int start = 0; start < destination.Length; start += words.Length)
        {
            random.Fill(words);
            int count = Math.Min(words.Length, destination.Length - start);
            for (int k = 0; k < count; k++)
            {
                ulong w = words[k];
                destination[start + k] = BitOperations.PopCount(w & 0x1FFFFF) - BitOperations.PopCount((w >> 21) & 0x1FFFFF);
            }
        }

        words.Clear();
    }

    /// <summary>Writes small signed values into rows [0, rows) of <paramref name="destination"/> as coefficients.</summary>
    public static void Embed(ReadOnlySpan<long> values, RnsPoly destination, RnsBasis basis, int rows) =>
        Veil.He.Rlwe.Sampling.Embed(values, destination, basis.Moduli, rows);

    /// <summary>Fills rows [0, rows) with uniform residues expanded from <paramref name="seed"/> (Veil.He's rejection sampler).</summary>
    public static void Uniform(ReadOnlySpan<byte> seed, RnsPoly destination, RnsBasis basis, int rows)
    {
        using var prg = new AesCtrPrg(seed);
        Veil.He.Rlwe.Sampling.Uniform(prg, destination, basis.Moduli, rows);
    }

    /// <summary>
    /// Adds to coefficient j of every row an independent integer uniform in [−2^bits, 2^bits) (64 ≤ bits ≤ 190): the
    /// flooding noise, drawn as three 64-bit words and reduced by Horner's rule.
    /// </summary>
    public static void AddFlooding(IRandomSource random, RnsPoly poly, RnsBasis basis, int bits)
    {
        Guard.InRange(bits, 64, 190);
        int rows = poly.Count;
        Span<ulong> offset = stackalloc ulong[rows];
        for (int i = 0; i < rows; i++)
        {
            offset[i] = basis[i].Reduce(System.Numerics.BigInteger.One << bits);
        }

        ulong topMask = WordMask(bits + 1 - 128), middleMask = WordMask(bits + 1 - 64);
        Span<ulong> words = stackalloc ulong[3 * 256];
        for (int start = 0; start < poly.N; start += 256)
        {
            random.Fill(words);
            for (int k = 0; k < 256; k++)
            {
                ulong w2 = words[3 * k] & topMask, w1 = words[(3 * k) + 1] & middleMask, w0 = words[(3 * k) + 2];
                for (int i = 0; i < rows; i++)
                {
                    Modulus q = basis[i];
                    ulong r = q.Reduce(q.Reduce(q.Reduce(w2), w1), w0);
                    Span<ulong> row = poly[i];
                    row[start + k] = q.Add(row[start + k], q.Subtract(r, offset[i]));
                }
            }
        }

        MemoryMarshal.AsBytes(words).Clear();
    }

    private static ulong WordMask(int bits) => bits <= 0 ? 0 : bits >= 64 ? ulong.MaxValue : (1UL << bits) - 1;
}

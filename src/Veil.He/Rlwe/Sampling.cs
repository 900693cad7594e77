using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Veil.Arithmetic;
using Veil.Random;

namespace Veil.He.Rlwe;

/// <summary>
/// The distributions of RLWE: uniform ternary secrets, the bounded discrete Gaussian error (σ = 3.2, |e| ≤ 19), and
/// uniform residues expanded from a seed.
/// </summary>
/// <remarks>Thread-safety: stateless; the random sources passed in are not thread-safe.</remarks>
internal static class Sampling
{
    /// <summary>Cumulative distribution of |e| as 64-bit thresholds: P(|e| ≤ k) = Thresholds[k] / 2^64 (the last is 2^64).</summary>
    private static readonly ulong[] Thresholds = BuildThresholds();

    /// <summary>Fills <paramref name="destination"/> with independent uniform values in {−1, 0, 1}.</summary>
    public static void Ternary(IRandomSource random, Span<long> destination)
    {
        Span<byte> bytes = stackalloc byte[256];
        int i = 0;
        while (i < destination.Length)
        {
            random.Fill(bytes);
            foreach (byte b in bytes)
            {
                // 255 = 3·85: rejecting 255 leaves b mod 3 uniform.
                if (b < 255 && i < destination.Length)
                {
                    destination[i++] = (b % 3) - 1;
                }
            }
        }

        bytes.Clear();
    }

    /// <summary>Fills <paramref name="destination"/> with independent discrete Gaussian values of σ = 3.2 cut at
    /// |e| ≤ 19 (6σ), by inversion of a 64-bit cumulative table: |e| is the number of thresholds a uniform 64-bit word
    /// reaches (a constant-time scan, eight words a step in 512-bit vectors), and the sign comes from a separate bit.</summary>
    public static void Gaussian(IRandomSource random, Span<long> destination)
    {
        const int Chunk = 512;
        Span<ulong> words = stackalloc ulong[Chunk + (Chunk / 64)];
        for (int start = 0; start < destination.Length; start += Chunk)
        {
            int count = Math.Min(Chunk, destination.Length - start);
            random.Fill(words);
            Span<long> target = destination.Slice(start, count);
            int k = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; k + 8 <= count; k += 8)
                {
                    Vector512<ulong> u = Vector512.Create(words.Slice(k, 8));
                    Vector512<long> magnitude = Vector512<long>.Zero;
                    for (int t = 0; t < Thresholds.Length - 1; t++)
                    {
                        // A reached threshold gives an all-ones lane, that is −1.
                        magnitude -= Vector512.GreaterThanOrEqual(u, Vector512.Create(Thresholds[t])).AsInt64();
                    }

                    // Bit l of the sign word (shifted to this group) set ⇒ an all-ones lane, −1: negate lane l.
                    var bits = Vector512.Create(1L, 2, 4, 8, 16, 32, 64, 128);
                    Vector512<long> sign = Vector512.Equals(Vector512.Create((long)(words[Chunk + (k >> 6)] >> (k & 63))) & bits, bits);
                    ((magnitude ^ sign) - sign).CopyTo(target.Slice(k, 8));
                }
            }

            for (; k < count; k++)
            {
                ulong u = words[k];
                long magnitude = 0;
                for (int t = 0; t < Thresholds.Length - 1; t++)
                {
                    magnitude += u >= Thresholds[t] ? 1 : 0;
                }

                long sign = -(long)((words[Chunk + (k >> 6)] >> (k & 63)) & 1);
                target[k] = (magnitude ^ sign) - sign;
            }
        }

        words.Clear();
    }

    /// <summary>Writes small signed coefficients into rows [0, count) of <paramref name="destination"/> (whose row i is
    /// modulo <paramref name="moduli"/>[i]), as coefficients, not NTT evaluations.</summary>
    public static void Embed(ReadOnlySpan<long> values, RnsPoly destination, IReadOnlyList<Modulus> moduli, int count)
    {
        for (int i = 0; i < count; i++)
        {
            EmbedRow(values, destination[i], moduli[i].Value);
        }
    }

    /// <summary>Writes small signed coefficients into one row modulo <paramref name="q"/>: v + (q if v &lt; 0).</summary>
    public static void EmbedRow(ReadOnlySpan<long> values, Span<ulong> row, ulong q)
    {
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var modulus = Vector512.Create((long)q);
            for (; k + 8 <= values.Length; k += 8)
            {
                Vector512<long> v = Vector512.Create(values.Slice(k, 8));
                (v + (modulus & (v >> 63))).AsUInt64().CopyTo(row.Slice(k, 8));
            }
        }

        for (; k < values.Length; k++)
        {
            long v = values[k];
            row[k] = (ulong)(v + ((long)q & (v >> 63)));
        }
    }

    /// <summary>Fills rows [0, count) of <paramref name="destination"/> with uniform residues (row i modulo
    /// <paramref name="moduli"/>[i]) drawn from <paramref name="prg"/> by rejection: mask to the bit length of q and
    /// keep values below q. Rows are drawn in order, so a prefix of rows does not depend on how many follow.</summary>
    public static void Uniform(AesCtrPrg prg, RnsPoly destination, IReadOnlyList<Modulus> moduli, int count)
    {
        Span<ulong> buffer = stackalloc ulong[256];
        int available = 0, next = 0;
        for (int i = 0; i < count; i++)
        {
            ulong q = moduli[i].Value;
            ulong mask = q.BitMask();
            Span<ulong> row = destination[i];
            int k = 0;
            while (k < row.Length)
            {
                if (next == available)
                {
                    prg.Fill(buffer);
                    available = buffer.Length;
                    next = 0;
                }

                ulong v = buffer[next++] & mask;
                if (v < q)
                {
                    row[k++] = v;
                }
            }
        }
    }

    private static ulong BitMask(this ulong q) => ulong.MaxValue >> System.Numerics.BitOperations.LeadingZeroCount(q);

    private static ulong[] BuildThresholds()
    {
        var weights = new double[Parameters.ErrorBound + 1];
        double total = 0;
        for (int x = 0; x <= Parameters.ErrorBound; x++)
        {
            weights[x] = Math.Exp(-(double)x * x / (2 * Parameters.Sigma * Parameters.Sigma)) * (x == 0 ? 1 : 2);
            total += weights[x];
        }

        var thresholds = new ulong[Parameters.ErrorBound + 1];
        double cumulative = 0;
        for (int x = 0; x < Parameters.ErrorBound; x++)
        {
            cumulative += weights[x] / total;
            thresholds[x] = (ulong)Math.Min(cumulative * 18446744073709551616.0, ulong.MaxValue);
        }

        thresholds[Parameters.ErrorBound] = ulong.MaxValue;
        return thresholds;
    }

    /// <summary>Clears sensitive coefficients.</summary>
    public static void Wipe(Span<long> values) => MemoryMarshal.AsBytes(values).Clear();
}

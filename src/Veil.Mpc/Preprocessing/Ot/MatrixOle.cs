using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// Gilboa's product by correlated OT, for a batch of matrix products: the receiver holds R (m × k per batch item),
/// the sender S (k × n per item), and they end with additive shares of R S. For every element R[a, b] and bit i there
/// is one OT with choice bit i of R[a, b] and correlation row b of S, modulo 2^(64 − i): the receiver adds
/// 2^i (x + c S[b, ·]) to row a of its share and the sender subtracts 2^i x from row a of its own, and the sums over
/// b and i leave R S. Only the low 64 − i bits of bit i's correction matter, so only those are sent.
/// An elementwise product of N elements is the batch of N products of 1 × 1 matrices.
/// </summary>
/// <remarks>Thread-safety: stateless; safe from any thread.</remarks>
internal static class MatrixOle
{
    /// <summary>OTs for a batch of products with m × k left factors: 64 per element.</summary>
    public static int OtCount(int batch, int m, int k) => checked(batch * m * k * 64);

    /// <summary>target += (or −=) source · 2^shift, elementwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ShiftAccumulate(Span<ulong> target, ReadOnlySpan<ulong> source, int shift, bool subtract)
    {
        int l = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; l + 4 <= target.Length; l += 4)
            {
                var t = Vector256.Create<ulong>(target[l..]);
                var s = Vector256.ShiftLeft(Vector256.Create(source[l..]), shift);
                (subtract ? t - s : t + s).CopyTo(target[l..]);
            }
        }

        for (; l < target.Length; l++)
        {
            target[l] = subtract ? target[l] - (source[l] << shift) : target[l] + (source[l] << shift);
        }
    }
}

/// <summary>The receiving end of <see cref="MatrixOle"/>: adds its share of R S into <c>output</c> (batch × m × n).</summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class MatrixOleReceiver(ulong[] r, int batch, int m, int k, int n, ulong[] output) : CotReceiverSegment
{
    public override int Count { get; } = MatrixOle.OtCount(batch, m, k);

    public override int Length => n;

    public override int Width(int ot) => 64 - (ot & 63);

    public override bool Choice(int ot) => ((r[ot >> 6] >> (ot & 63)) & 1) != 0;

    public override void Accept(int ot, ReadOnlySpan<ulong> output1) =>
        MatrixOle.ShiftAccumulate(output.AsSpan((ot >> 6) / k * n, n), output1, ot & 63, subtract: false);
}

/// <summary>The sending end of <see cref="MatrixOle"/>: adds its share of R S into <c>output</c> (batch × m × n).</summary>
/// <remarks>Thread-safety: not safe for concurrent use.</remarks>
internal sealed class MatrixOleSender(ulong[] s, int batch, int m, int k, int n, ulong[] output) : CotSenderSegment
{
    public override int Count { get; } = MatrixOle.OtCount(batch, m, k);

    public override int Length => n;

    public override int Width(int ot) => 64 - (ot & 63);

    public override ReadOnlySpan<ulong> Delta(int ot, Span<ulong> scratch)
    {
        int element = ot >> 6;
        int item = element / (m * k);
        return s.AsSpan(((item * k) + (element % k)) * n, n);
    }

    public override void Accept(int ot, ReadOnlySpan<ulong> output1) =>
        MatrixOle.ShiftAccumulate(output.AsSpan((ot >> 6) / k * n, n), output1, ot & 63, subtract: true);
}

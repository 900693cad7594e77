using System.Numerics;
using Veil.Arithmetic;

namespace Veil.Mpc.He;

/// <summary>
/// The wire form of a reply at the two-prime reply modulus Q' = q_0·q_1: each coefficient is lifted by the CRT to an
/// integer in [0, Q') and sent rounded to a multiple of 2^d, as ⌊x/2^d⌉ in (log2 Q' − d) bits. Decryption tolerates
/// the error: c0 is sent with d0 bits dropped (error ≤ 2^(d0−1)) and c1 with d1 (error ≤ N·2^(d1−1) after the product
/// with the ternary key), each taking half of what the budget leaves below Q'/2^65 after the modulus-switching
/// rounding and the largest flooding, less one bit.
/// </summary>
/// <remarks>Thread-safety: immutable, safe from any thread.</remarks>
internal sealed class ReplyCodec
{
    private const int LowBits = 48;
    private readonly HeRing _ring;
    private readonly UInt128 _modulus;
    private readonly ulong _q0Inverse;

    public ReplyCodec(HeRing ring)
    {
        _ring = ring;
        Guard.IsTrue(ring.ReplyLevels == 2, nameof(ring), "must reply at two primes");
        Modulus q0 = ring.Basis[0], q1 = ring.Basis[1];
        _modulus = (UInt128)q0.Value * q1.Value;
        _q0Inverse = q1.Invert(q1.Reduce(q0.Value));
        double logReply = BigInteger.Log(ring.Basis.Product(2), 2), logQ = BigInteger.Log(ring.Basis.Product(ring.Levels), 2);
        int flood = NoiseBudget.FloodBits(NoiseBudget.ProductNoiseBits((long)HeTripleOptions.LayoutFactor * ring.N), ring.Options.FloodingBits, ring.LogN);
        double room = Math.Pow(2, logReply - 65) - ((ring.N + 1) / 2.0) - Math.Pow(2, flood + 1 + logReply - logQ);
        int half = (int)Math.Floor(Math.Log2(room / 2)) - 1;
        DropC0 = Math.Max(0, half + 1);
        DropC1 = Math.Max(0, half + 1 - ring.LogN);
        int bits = (int)Math.Ceiling(logReply);
        C0Bits = bits - DropC0 + 1;
        C1Bits = bits - DropC1 + 1;
        Guard.IsTrue(C0Bits > LowBits && C1Bits > LowBits && C1Bits - LowBits <= 57, nameof(ring), "has a reply modulus out of range");
    }

    /// <summary>Low bits dropped from c0.</summary>
    public int DropC0 { get; }

    /// <summary>Low bits dropped from c1.</summary>
    public int DropC1 { get; }

    /// <summary>Bits sent per c0 coefficient (one more than log2(Q'/2^d0), for the rounding's carry).</summary>
    public int C0Bits { get; }

    /// <summary>Bits sent per c1 coefficient.</summary>
    public int C1Bits { get; }

    /// <summary>Bytes of a reply with <paramref name="positions"/> output coefficients.</summary>
    public int Bytes(int positions) => Bytes(_ring.N, C1Bits) + Bytes(positions, C0Bits);

    /// <summary>Writes c1 whole and c0 at <paramref name="positions"/> (both at the reply level, coefficient form).</summary>
    public void Write(RnsPoly c0, RnsPoly c1, ReadOnlySpan<int> positions, WireWriter writer)
    {
        var all = new int[_ring.N];
        for (int j = 0; j < all.Length; j++)
        {
            all[j] = j;
        }

        WriteRounded(c1, all, DropC1, C1Bits, writer);
        WriteRounded(c0, positions, DropC0, C0Bits, writer);
    }

    /// <summary>Reads a reply: c0 at the positions as residue rows (2 × count) and c1 as a polynomial at the reply level.</summary>
    /// <exception cref="MpcProtocolException">The reply is truncated or a value is out of range.</exception>
    public (ulong[] C0, RnsPoly C1) Read(int count, ref WireReader reader)
    {
        RnsPoly c1 = _ring.Basis.NewPoly(2);
        var c1Rows = new ulong[2 * _ring.N];
        ReadRounded(ref reader, _ring.N, DropC1, C1Bits, c1Rows);
        c1Rows.AsSpan(0, _ring.N).CopyTo(c1[0]);
        c1Rows.AsSpan(_ring.N).CopyTo(c1[1]);
        var c0 = new ulong[2 * count];
        ReadRounded(ref reader, count, DropC0, C0Bits, c0);
        return (c0, c1);
    }

    private static int Bytes(int count, int bits) => BitPacking.Bytes(count, LowBits) + BitPacking.Bytes(count, bits - LowBits);

    private void WriteRounded(RnsPoly poly, ReadOnlySpan<int> positions, int drop, int bits, WireWriter writer)
    {
        Modulus q1 = _ring.Basis[1];
        var low = new ulong[positions.Length];
        var high = new ulong[positions.Length];
        UInt128 half = drop == 0 ? 0 : (UInt128)1 << (drop - 1);
        ReadOnlySpan<ulong> r0 = poly[0], r1 = poly[1];
        for (int j = 0; j < positions.Length; j++)
        {
            ulong x0 = r0[positions[j]], x1 = r1[positions[j]];
            ulong k = q1.Multiply(q1.Subtract(x1, q1.Reduce(x0)), _q0Inverse);
            UInt128 x = x0 + ((UInt128)_ring.Basis[0].Value * k);
            UInt128 rounded = (x + half) >> drop;
            low[j] = (ulong)rounded & ((1UL << LowBits) - 1);
            high[j] = (ulong)(rounded >> LowBits);
        }

        writer.WritePacked(low, LowBits);
        writer.WritePacked(high, bits - LowBits);
    }

    private void ReadRounded(ref WireReader reader, int count, int drop, int bits, Span<ulong> rows)
    {
        var low = new ulong[count];
        var high = new ulong[count];
        reader.ReadPacked(low, LowBits, 1UL << LowBits);
        ulong limit = (ulong)(((_modulus >> drop) + 1) >> LowBits) + 1;
        reader.ReadPacked(high, bits - LowBits, limit);
        Modulus q0 = _ring.Basis[0], q1 = _ring.Basis[1];
        for (int j = 0; j < count; j++)
        {
            UInt128 x = (((UInt128)high[j] << LowBits) | low[j]) << drop;
            if (x >= _modulus + ((UInt128)1 << drop))
            {
                throw new MpcProtocolException("A reply holds a value out of range: the peer sent garbage.");
            }

            ulong hi = (ulong)(x >> 64), lo = (ulong)x;
            rows[j] = q0.Reduce(hi, lo);
            rows[count + j] = q1.Reduce(hi, lo);
        }
    }
}

using Veil.Arithmetic;

namespace Veil.Mpc.He;

/// <summary>An RLWE ciphertext (c0, c1) with c0 + c1·s = round(Q·m/t) + e; NTT form unless a method says otherwise.</summary>
/// <remarks>Thread-safety: not thread-safe (the polynomials are mutable).</remarks>
internal sealed class HeCiphertext(RnsPoly c0, RnsPoly c1)
{
    public RnsPoly C0 { get; } = c0;

    public RnsPoly C1 { get; } = c1;

    /// <summary>Bits used on the wire for a residue of prime <paramref name="index"/>.</summary>
    public static int WireBits(HeRing ring, int index) => ring.Basis[index].BitCount;

    /// <summary>Bytes of a fresh ciphertext on the wire: the seed of c1 and c0 packed.</summary>
    public static int FreshBytes(HeRing ring) =>
        Veil.Random.AesCtrPrg.SeedSize + Enumerable.Range(0, ring.Levels).Sum(i => BitPacking.Bytes(ring.N, WireBits(ring, i)));

    /// <summary>Bytes of a reply with <paramref name="positions"/> useful coefficients: c1 whole, c0 at those positions.</summary>
    public static int ReplyBytes(HeRing ring, int positions) => ring.Reply.Bytes(positions);

    /// <summary>Reads a fresh ciphertext (seed, packed c0 in NTT form) into NTT form.</summary>
    /// <exception cref="MpcProtocolException">The data is truncated or out of range.</exception>
    public static HeCiphertext ReadFresh(HeRing ring, ref WireReader reader)
    {
        ReadOnlySpan<byte> seed = reader.ReadBytes(Veil.Random.AesCtrPrg.SeedSize);
        RnsPoly c1 = ring.Basis.NewPoly();
        RlweSampling.Uniform(seed, c1, ring.Basis, ring.Levels);
        RnsPoly c0 = ring.Basis.NewPoly();
        for (int i = 0; i < ring.Levels; i++)
        {
            reader.ReadPacked(c0[i], WireBits(ring, i), ring.Basis[i].Value);
        }

        return new HeCiphertext(c0, c1);
    }
}

using Veil.Arithmetic;

namespace Veil.Mpc.He;

/// <summary>An RLWE ciphertext (c0, c1) with c0 + c1·s = round(Q·m/t) + e; NTT form unless a method says otherwise.
/// A fresh one keeps the seed of its c1, so a stored one can drop c1 (<see cref="Compact"/>) and expand it again.</summary>
/// <remarks>Thread-safety: not thread-safe (the polynomials are mutable).</remarks>
internal sealed class HeCiphertext
{
    private readonly HeRing? _ring;
    private readonly byte[]? _seed;
    private RnsPoly? _c1;

    public HeCiphertext(RnsPoly c0, RnsPoly c1)
    {
        C0 = c0;
        _c1 = c1;
    }

    private HeCiphertext(HeRing ring, byte[] seed, RnsPoly c0)
    {
        _ring = ring;
        _seed = seed;
        C0 = c0;
    }

    public RnsPoly C0 { get; }

    /// <summary>c1, expanded from the seed if it was dropped.</summary>
    public RnsPoly C1
    {
        get
        {
            if (_c1 is null)
            {
                _c1 = _ring!.Basis.NewPoly();
                RlweSampling.Uniform(_seed, _c1, _ring.Basis, _ring.Levels);
            }

            return _c1;
        }
    }

    /// <summary>Drops c1 of a seeded ciphertext (halving what a stored fixed-mask ciphertext takes); it is expanded again when needed.</summary>
    public void Compact()
    {
        if (_seed is not null)
        {
            _c1 = null;
        }
    }

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
        byte[] seed = reader.ReadBytes(Veil.Random.AesCtrPrg.SeedSize).ToArray();
        RnsPoly c0 = ring.Basis.NewPoly();
        for (int i = 0; i < ring.Levels; i++)
        {
            reader.ReadPacked(c0[i], WireBits(ring, i), ring.Basis[i].Value);
        }

        return new HeCiphertext(ring, seed, c0);
    }
}

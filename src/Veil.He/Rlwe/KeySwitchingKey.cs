using Veil.Arithmetic;
using Veil.He.Serialization;
using Veil.IO;
using Veil.Random;

namespace Veil.He.Rlwe;

/// <summary>
/// A hybrid key-switching key from a key s' to s: for each digit j of Q (α = |P| consecutive primes), a pair over QP
/// (NTT form) <c>b_j = −a_j·s + e_j + P·[Q/Q_j·(Q/Q_j)^-1]_(Q_j)·s'</c>, <c>a_j</c> uniform, expanded from a seed
/// (stream j of AES-CTR).
/// </summary>
/// <remarks>Thread-safety: immutable once generated, safe for concurrent reads.</remarks>
internal sealed class KeySwitchingKey
{
    public KeySwitchingKey(Parameters parameters)
    {
        Parameters = parameters;
        Digits = parameters.DigitCount(parameters.MaxLevel);
        BQ = new RnsPoly[Digits];
        BP = new RnsPoly[Digits];
        AQ = new RnsPoly[Digits];
        AP = new RnsPoly[Digits];
        for (int j = 0; j < Digits; j++)
        {
            BQ[j] = parameters.RingQ.NewPoly();
            BP[j] = parameters.RingP.NewPoly();
            AQ[j] = parameters.RingQ.NewPoly();
            AP[j] = parameters.RingP.NewPoly();
        }

        Seed = new byte[AesCtrPrg.SeedSize];
    }

    public Parameters Parameters { get; }

    public int Digits { get; }

    public RnsPoly[] BQ { get; }

    public RnsPoly[] BP { get; }

    public RnsPoly[] AQ { get; }

    public RnsPoly[] AP { get; }

    public byte[] Seed { get; }

    public bool HasSeed { get; set; }

    /// <summary>Expands every a_j from <see cref="Seed"/>: Q rows, then P rows, from stream j.</summary>
    public void ExpandA()
    {
        for (int j = 0; j < Digits; j++)
        {
            using var prg = new AesCtrPrg(Seed, (ulong)j);
            Sampling.Uniform(prg, AQ[j], Parameters.RingQ.Moduli, AQ[j].Count);
            Sampling.Uniform(prg, AP[j], Parameters.RingP.Moduli, AP[j].Count);
        }
    }

    public long PayloadSize(bool compact)
    {
        long rows = Plaintext.RowsSize(Parameters, Parameters.MaxLevel + 1);
        for (int i = 0; i < Parameters.RingP.Count; i++)
        {
            rows += PolyCodec.RowBytes(Parameters.N, Parameters.RingP[i]);
        }

        compact &= HasSeed;
        return 1 + (Digits * rows * (compact ? 1 : 2)) + (compact ? Seed.Length : 0);
    }

    public void Write(PayloadWriter writer, bool compact)
    {
        compact &= HasSeed;
        writer.WriteBoolean(compact);
        for (int j = 0; j < Digits; j++)
        {
            PolyCodec.Write(writer, BQ[j], Parameters.RingQ.Moduli, BQ[j].Count);
            PolyCodec.Write(writer, BP[j], Parameters.RingP.Moduli, BP[j].Count);
            if (!compact)
            {
                PolyCodec.Write(writer, AQ[j], Parameters.RingQ.Moduli, AQ[j].Count);
                PolyCodec.Write(writer, AP[j], Parameters.RingP.Moduli, AP[j].Count);
            }
        }

        if (compact)
        {
            writer.WriteBytes(Seed);
        }
    }

    public static KeySwitchingKey Read(PayloadReader reader, Parameters parameters)
    {
        var key = new KeySwitchingKey(parameters);
        bool compact = reader.ReadBoolean();
        for (int j = 0; j < key.Digits; j++)
        {
            PolyCodec.Read(reader, key.BQ[j], parameters.RingQ.Moduli, key.BQ[j].Count);
            PolyCodec.Read(reader, key.BP[j], parameters.RingP.Moduli, key.BP[j].Count);
            if (!compact)
            {
                PolyCodec.Read(reader, key.AQ[j], parameters.RingQ.Moduli, key.AQ[j].Count);
                PolyCodec.Read(reader, key.AP[j], parameters.RingP.Moduli, key.AP[j].Count);
            }
        }

        if (compact)
        {
            reader.ReadBytes(key.Seed);
            key.HasSeed = true;
            key.ExpandA();
        }

        return key;
    }
}

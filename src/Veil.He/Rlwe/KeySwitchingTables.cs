using System.Collections.Concurrent;
using System.Numerics;
using Veil.Arithmetic;

namespace Veil.He.Rlwe;

/// <summary>
/// Constants of rescaling and hybrid key switching for one parameter set: base converters for ModUp (each digit to
/// the rest of Q and to P) and ModDown (P to Q), inverses of P and of each q_ℓ, and the halves used to round.
/// </summary>
/// <remarks>Thread-safety: immutable, with a concurrent cache of ModUp converters.</remarks>
internal sealed class KeySwitchingTables
{
    private readonly Parameters _parameters;
    private readonly ConcurrentDictionary<(int Start, int Count), ModUpConverter> _modUp = new();

    public KeySwitchingTables(Parameters parameters)
    {
        _parameters = parameters;
        RnsBasis q = parameters.RingQ, p = parameters.RingP;
        BigInteger bigP = p.Product(p.Count);
        ModDown = new BaseConverter(p.Moduli, q.Moduli);
        PInverse = new ShoupMultiplier[q.Count];
        PModQ = new ulong[q.Count];
        HalfPModQ = new ulong[q.Count];
        BigInteger halfP = (bigP - 1) / 2;
        for (int i = 0; i < q.Count; i++)
        {
            PModQ[i] = q[i].Reduce(bigP);
            PInverse[i] = q[i].Shoup(q[i].Invert(PModQ[i]));
            HalfPModQ[i] = q[i].Reduce(halfP);
        }

        HalfPModP = p.Moduli.Select(m => m.Reduce(halfP)).ToArray();

        // Rescale at level ℓ divides by q_ℓ: row i < ℓ needs q_ℓ^-1 mod q_i.
        RescaleInverse = new ShoupMultiplier[q.Count][];
        for (int level = 1; level < q.Count; level++)
        {
            ulong last = q[level].Value;
            RescaleInverse[level] = new ShoupMultiplier[level];
            for (int i = 0; i < level; i++)
            {
                RescaleInverse[level][i] = q[i].Shoup(q[i].Invert(q[i].Reduce(last)));
            }
        }
    }

    /// <summary>Converts residues modulo P to residues modulo every q_i.</summary>
    public BaseConverter ModDown { get; }

    /// <summary>P^-1 mod q_i.</summary>
    public ShoupMultiplier[] PInverse { get; }

    /// <summary>P mod q_i: the gadget factor of key-switching keys.</summary>
    public ulong[] PModQ { get; }

    /// <summary>((P − 1)/2) mod q_i, to round when dividing by P.</summary>
    public ulong[] HalfPModQ { get; }

    /// <summary>((P − 1)/2) mod p_j.</summary>
    public ulong[] HalfPModP { get; }

    /// <summary>[level][i] = q_level^-1 mod q_i.</summary>
    public ShoupMultiplier[][] RescaleInverse { get; }

    /// <summary>The ModUp converter from Q rows [start, start + count) to all other Q rows and to P.</summary>
    public ModUpConverter ModUp(int start, int count) =>
        _modUp.GetOrAdd((start, count), key => new ModUpConverter(_parameters, key.Start, key.Count));
}

/// <summary>A base converter from one digit of Q (rows [Start, Start + Count)) to the other rows of Q and to P, with the
/// map from each of those rows to its target index.</summary>
internal sealed class ModUpConverter
{
    public ModUpConverter(Parameters parameters, int start, int count)
    {
        Start = start;
        Count = count;
        RnsBasis q = parameters.RingQ;
        var source = new List<Modulus>();
        var target = new List<Modulus>();
        for (int i = 0; i < q.Count; i++)
        {
            (i >= start && i < start + count ? source : target).Add(q[i]);
        }

        PTargetOffset = target.Count;
        target.AddRange(parameters.RingP.Moduli);
        Converter = new BaseConverter(source, target);
        BigInteger half = (source.Aggregate(BigInteger.One, (product, m) => product * m.Value) - 1) / 2;
        HalfModSource = source.Select(m => m.Reduce(half)).ToArray();
        HalfModTarget = target.Select(m => m.Reduce(half)).ToArray();
    }

    /// <summary>((Q_j − 1)/2) mod each source prime: added before conversion so the digit is lifted to its centered
    /// representative in (−Q_j/2, Q_j/2].</summary>
    public ulong[] HalfModSource { get; }

    /// <summary>((Q_j − 1)/2) mod each target prime: subtracted after conversion.</summary>
    public ulong[] HalfModTarget { get; }

    public int Start { get; }

    public int Count { get; }

    /// <summary>Target index of the first P prime.</summary>
    public int PTargetOffset { get; }

    public BaseConverter Converter { get; }

    /// <summary>Target index of Q row <paramref name="row"/> (which must lie outside the digit).</summary>
    public int QTarget(int row) => row < Start ? row : row - Count;
}

using System.Numerics;
using System.Runtime.CompilerServices;
using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Bfv;

/// <summary>
/// The constants of BFV for one parameter set: the plaintext modulus t and its NTT (batching), Δ = ⌊Q/t⌋ and Q mod t
/// (scaling a message up), the constants that scale a phase down by t/Q (decryption), and the auxiliary basis R with
/// the constants of the homomorphic product (Halevi–Polyakov–Shoup: extend to Q∪R exactly, tensor, scale by t/Q into
/// R, convert back exactly).
/// </summary>
/// <remarks>Thread-safety: immutable after construction; shared by every BFV object of the parameters (one instance
/// per <see cref="Parameters"/>, made on first use).</remarks>
internal sealed class BfvTables
{
    /// <summary>Size of the auxiliary primes: at most 50 bits, so the vector kernels apply.</summary>
    private const int AuxiliaryBits = 50;

    private static readonly ConditionalWeakTable<Parameters, BfvTables> Cache = new();

    private BfvTables(Parameters parameters)
    {
        parameters.EnsureBfv();
        RnsBasis ringQ = parameters.RingQ;
        int levels = ringQ.Count;
        BigInteger q = ringQ.Product(levels);
        ulong t = parameters.PlaintextModulus;
        T = new Modulus(t);
        PlainNtt = new NttTables(T, parameters.LogN);
        BigInteger delta = q / t;
        QModT = (ulong)(q % t);
        DeltaModQ = new ShoupMultiplier[levels];
        HatInverse = new ShoupMultiplier[levels];
        HatInverseTimesT = new ShoupMultiplier[levels];
        TModQ = new ShoupMultiplier[levels];
        QInverse64 = new ulong[levels];
        InverseQ = new double[levels];
        for (int i = 0; i < levels; i++)
        {
            Modulus qi = ringQ[i];
            DeltaModQ[i] = qi.Shoup(qi.Reduce(delta));
            ulong hatInverse = qi.Invert(qi.Reduce(q / qi.Value));
            HatInverse[i] = qi.Shoup(hatInverse);
            HatInverseTimesT[i] = qi.Shoup(qi.Multiply(hatInverse, qi.Reduce(t)));
            TModQ[i] = qi.Shoup(qi.Reduce(t));
            QInverse64[i] = InverseModWord(qi.Value);
            InverseQ[i] = 1.0 / qi.Value;
        }

        // R must hold round(t·d/Q) for the tensor d of two ciphertexts: |t·d/Q| ≤ t·N·Q/2, with room to spare.
        double logR = parameters.LogModulusAtLevel(parameters.MaxLevel) + Math.Log2(t) + parameters.LogN + 4;
        int count = (int)Math.Ceiling(logR / (AuxiliaryBits - 1));
        HashSet<ulong> taken = [.. parameters.Q, .. parameters.P];
        ulong[] candidates = Arithmetic.Primes.GenerateNttPrimes(parameters.LogN, Enumerable.Repeat(AuxiliaryBits, count + taken.Count).ToArray());
        RingR = new RnsBasis(parameters.LogN, candidates.Where(p => !taken.Contains(p)).Take(count).ToArray());
        QToR = new BaseConverter(ringQ.Moduli, RingR.Moduli);
        RToQ = new BaseConverter(RingR.Moduli, ringQ.Moduli);
        BigInteger r = RingR.Product(RingR.Count);
        TOverQModR = new ShoupMultiplier[RingR.Count];
        NegativeQInverseModR = new ShoupMultiplier[RingR.Count][];
        for (int j = 0; j < RingR.Count; j++)
        {
            Modulus rj = RingR[j];
            TOverQModR[j] = rj.Shoup(rj.Multiply(rj.Reduce(t), rj.Invert(rj.Reduce(q))));
            NegativeQInverseModR[j] = new ShoupMultiplier[levels];
            for (int i = 0; i < levels; i++)
            {
                NegativeQInverseModR[j][i] = rj.Shoup(rj.Negate(rj.Invert(rj.Reduce(ringQ[i].Value))));
            }
        }

        LogR = BigInteger.Log(r, 2);
    }

    /// <summary>The plaintext modulus t.</summary>
    public Modulus T { get; }

    /// <summary>The negacyclic NTT modulo t, which maps coefficients to the N batching slots.</summary>
    public NttTables PlainNtt { get; }

    /// <summary>Q mod t.</summary>
    public ulong QModT { get; }

    /// <summary>[⌊Q/t⌋]_(q_i).</summary>
    public ShoupMultiplier[] DeltaModQ { get; }

    /// <summary>[(Q/q_i)^-1]_(q_i).</summary>
    public ShoupMultiplier[] HatInverse { get; }

    /// <summary>[(Q/q_i)^-1 · t]_(q_i).</summary>
    public ShoupMultiplier[] HatInverseTimesT { get; }

    /// <summary>[t]_(q_i).</summary>
    public ShoupMultiplier[] TModQ { get; }

    /// <summary>q_i^-1 mod 2^64, for exact division by q_i.</summary>
    public ulong[] QInverse64 { get; }

    /// <summary>1 / q_i.</summary>
    public double[] InverseQ { get; }

    /// <summary>The auxiliary basis R of the homomorphic product.</summary>
    public RnsBasis RingR { get; }

    /// <summary>log2 of the product of R's primes.</summary>
    public double LogR { get; }

    /// <summary>Exact (centered) conversion from Q to R.</summary>
    public BaseConverter QToR { get; }

    /// <summary>Exact (centered) conversion from R to Q.</summary>
    public BaseConverter RToQ { get; }

    /// <summary>[t·Q^-1]_(r_j).</summary>
    public ShoupMultiplier[] TOverQModR { get; }

    /// <summary>[−q_i^-1]_(r_j), indexed [j][i].</summary>
    public ShoupMultiplier[][] NegativeQInverseModR { get; }

    /// <summary>The tables of <paramref name="parameters"/>, made once.</summary>
    /// <exception cref="InvalidParametersException">The parameters are not BFV parameters.</exception>
    public static BfvTables For(Parameters parameters)
    {
        parameters.EnsureBfv();
        return Cache.GetValue(parameters, p => new BfvTables(p));
    }

    private static ulong InverseModWord(ulong odd)
    {
        // Newton's iteration doubles the correct low bits each step: 3 correct bits to start, 64 after five steps.
        ulong inverse = odd;
        for (int i = 0; i < 5; i++)
        {
            inverse *= 2 - (odd * inverse);
        }

        return inverse;
    }
}

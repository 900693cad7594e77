using System.Numerics;
using Veil.Arithmetic;

namespace Veil.Mpc.He;

/// <summary>
/// The ring R_Q = Z_Q[X]/(X^N + 1) of validated <see cref="HeTripleOptions"/> with plaintext modulus t = 2^64, and the
/// constants of its scaled encoding, modulus switching and decoding.
/// </summary>
/// <remarks>
/// Encoding: a centered value v ∈ [−2^63, 2^63) is stored as round(Q·v/t) = Δ·v + round(r·v/t) with Δ = ⌊Q/t⌋ and
/// r = Q mod t, so a product with a plaintext p gives Q·(v·p mod t)/t plus an error below ½·|p|₁: the term r·(v·p)/t
/// that the plain Δ·v encoding would leave (up to 2^64·N·2^126/t) never arises.
/// Decoding at the reply modulus Q' = q_0 ⋯ q_(k−1): round(t·x/Q') mod t = round(Σ_i y_i·t/q_i) mod t with
/// y_i = x_i·(Q'/q_i)^−1 mod q_i (the integer multiple of t that the CRT lift adds vanishes mod t).
/// Thread-safety: immutable, safe from any thread.
/// </remarks>
internal sealed class HeRing
{
    private readonly ulong[] _delta;
    private readonly ulong[][] _dropInverse;
    private readonly ulong[] _replyCofactorInverse;
    private readonly ulong[] _twoPow64Quotient;
    private readonly ulong[] _twoPow64Remainder;
    private readonly ulong[] _inverseMod64;

    public HeRing(HeTripleOptions options)
    {
        options.Validate();
        Options = options;
        LogN = options.LogN;
        N = 1 << LogN;
        Basis = new RnsBasis(LogN, Primes.GenerateNttPrimes(LogN, options.PrimeBits));
        Levels = Basis.Count;
        ReplyLevels = options.ReplyPrimes;
        BigInteger q = Basis.Product(Levels);
        BigInteger t = BigInteger.One << 64;
        QBits = q.GetBitLength();
        ReplyBits = Basis.Product(ReplyLevels).GetBitLength();
        R = (ulong)(q % t);
        _delta = Basis.Residues(q / t, Levels);
        _dropInverse = new ulong[Levels][];
        for (int j = 1; j < Levels; j++)
        {
            _dropInverse[j] = new ulong[j];
            for (int i = 0; i < j; i++)
            {
                _dropInverse[j][i] = Basis[i].Invert(Basis[i].Reduce(Basis[j].Value));
            }
        }

        BigInteger reply = Basis.Product(ReplyLevels);
        _replyCofactorInverse = new ulong[ReplyLevels];
        _twoPow64Quotient = new ulong[ReplyLevels];
        _twoPow64Remainder = new ulong[ReplyLevels];
        _inverseMod64 = new ulong[ReplyLevels];
        for (int i = 0; i < ReplyLevels; i++)
        {
            Modulus qi = Basis[i];
            _replyCofactorInverse[i] = qi.Invert(qi.Reduce(reply / qi.Value));
            _twoPow64Quotient[i] = (ulong)(t / qi.Value);
            _twoPow64Remainder[i] = (ulong)(t % qi.Value);
            _inverseMod64[i] = InverseMod64(qi.Value);
        }

        Reply = new ReplyCodec(this);
    }

    /// <summary>The wire form of replies.</summary>
    public ReplyCodec Reply { get; }

    public HeTripleOptions Options { get; }

    public int LogN { get; }

    public int N { get; }

    public RnsBasis Basis { get; }

    /// <summary>Primes of a fresh ciphertext.</summary>
    public int Levels { get; }

    /// <summary>Primes of a reply.</summary>
    public int ReplyLevels { get; }

    /// <summary>Bits of Q.</summary>
    public long QBits { get; }

    /// <summary>Bits of the reply modulus Q'.</summary>
    public long ReplyBits { get; }

    /// <summary>Q mod 2^64.</summary>
    public ulong R { get; }

    /// <summary>The residues of round(Q·v/t) for a centered v (the ring element read as a signed 64-bit value), at every level.</summary>
    public void EncodeScaled(ulong value, Span<ulong> residues)
    {
        long v = unchecked((long)value);
        long correction = (long)(((Int128)R * v + ((Int128)1 << 63)) >> 64);
        for (int i = 0; i < Levels; i++)
        {
            Modulus q = Basis[i];
            residues[i] = q.Add(q.Multiply(_delta[i], q.ReduceSigned(v)), q.ReduceSigned(correction));
        }
    }

    /// <summary>Adds round(Q·v_j/t) to coefficient j of every row of <paramref name="poly"/> (coefficient form).</summary>
    public void AddScaled(ReadOnlySpan<ulong> values, RnsPoly poly)
    {
        Span<ulong> residues = stackalloc ulong[Levels];
        for (int j = 0; j < values.Length; j++)
        {
            EncodeScaled(values[j], residues);
            for (int i = 0; i < Levels; i++)
            {
                Span<ulong> row = poly[i];
                row[j] = Basis[i].Add(row[j], residues[i]);
            }
        }
    }

    /// <summary>Rounds c/q_top to the remaining rows, dropping the top row (coefficient form): exact division with rounding.</summary>
    public void DropTopPrime(RnsPoly poly)
    {
        int top = poly.Count - 1;
        Modulus qTop = Basis[top];
        Span<ulong> lifted = new ulong[N];
        for (int i = 0; i < top; i++)
        {
            ModularKernels.LiftCentered(poly[top], qTop, lifted, Basis[i]);
            ModularKernels.SubtractMultiplyConstant(poly[i], lifted, Basis[i].Shoup(_dropInverse[top][i]), poly[i], Basis[i]);
        }

        poly.Resize(top);
    }

    /// <summary>Decodes round(t·x/Q') mod t for coefficient <paramref name="index"/> of x given at the reply level.</summary>
    public ulong Decode(RnsPoly x, int index)
    {
        ulong sum = 0;
        double fraction = 0;
        for (int i = 0; i < ReplyLevels; i++)
        {
            Modulus q = Basis[i];
            ulong y = q.Multiply(x[i][index], _replyCofactorInverse[i]);

            // y·2^64/q = y·⌊2^64/q⌋ + y·(2^64 mod q)/q; the last division is exact after taking the remainder off.
            ulong high = Math.BigMul(y, _twoPow64Remainder[i], out ulong low);
            ulong remainder = q.Reduce(high, low);
            ulong quotient = unchecked((low - remainder) * _inverseMod64[i]);
            sum = unchecked(sum + (y * _twoPow64Quotient[i]) + quotient);
            fraction += remainder / (double)q.Value;
        }

        return unchecked(sum + (ulong)Math.Round(fraction, MidpointRounding.AwayFromZero));
    }

    private static ulong InverseMod64(ulong odd)
    {
        ulong x = odd; // Newton: correct to 3 bits, doubling each step.
        for (int i = 0; i < 5; i++)
        {
            x = unchecked(x * (2 - (odd * x)));
        }

        return x;
    }
}

using System.Numerics;
using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Bfv;

/// <summary>
/// Decrypts BFV ciphertexts: m = round(t·(c_0 + c_1·s [+ c_2·s²]) / Q) mod t, and measures how much noise a ciphertext
/// can still take (<see cref="NoiseBudget"/>). It holds the secret key: it belongs to the client.
/// </summary>
/// <remarks>Thread-safety: holds scratch buffers; not safe for concurrent use.</remarks>
public sealed class BfvDecryptor
{
    private readonly Parameters _parameters;
    private readonly Decryptor _decryptor;
    private readonly BfvScaling _scaling;
    private readonly Plaintext _phase;

    /// <summary>Creates a decryptor.</summary>
    /// <exception cref="InvalidParametersException">The parameters are not BFV parameters.</exception>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    public BfvDecryptor(Parameters parameters, SecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.EnsureBfv();
        _parameters = parameters;
        _decryptor = new Decryptor(parameters, secretKey);
        _scaling = new BfvScaling(parameters);
        _phase = new Plaintext(parameters, parameters.MaxLevel, 1);
    }

    /// <summary>Decrypts <paramref name="ciphertext"/> (degree 1 or 2) into <paramref name="destination"/>. A ciphertext
    /// whose noise budget is spent decrypts to the wrong values: check <see cref="NoiseBudget"/>.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">The ciphertext is not at the top level.</exception>
    public void Decrypt(Ciphertext ciphertext, BfvPlaintext destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ParameterGuard.Same(_parameters, destination.Parameters, "destination");
        Phase(ciphertext);
        _scaling.ScaleDown(_phase.Value, destination.Coefficients);
    }

    /// <summary>Decrypts <paramref name="ciphertext"/> into a new plaintext.</summary>
    /// <exception cref="ParameterMismatchException">The ciphertext belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">The ciphertext is not at the top level.</exception>
    public BfvPlaintext DecryptNew(Ciphertext ciphertext)
    {
        var plaintext = new BfvPlaintext(_parameters);
        Decrypt(ciphertext, plaintext);
        return plaintext;
    }

    /// <summary>
    /// The invariant noise budget in bits, as SEAL defines it: with t·(c_0 + c_1·s)/Q = m + v + t·k, the budget is
    /// ⌊−log2(2‖v‖∞)⌋, or 0 when the ciphertext no longer decrypts correctly. Each multiplication spends roughly
    /// log2(t) + log2(N) bits of it.
    /// </summary>
    /// <exception cref="ParameterMismatchException">The ciphertext belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">The ciphertext is not at the top level.</exception>
    public int NoiseBudget(Ciphertext ciphertext)
    {
        Phase(ciphertext);
        BfvTables tables = BfvTables.For(_parameters);
        RnsBasis ringQ = _parameters.RingQ;
        int levels = ringQ.Count;
        BigInteger q = ringQ.Product(levels), half = q / 2;
        var hats = new BigInteger[levels];
        for (int i = 0; i < levels; i++)
        {
            hats[i] = q / ringQ[i].Value;
            ModularKernels.MultiplyConstant(_phase.Value[i], tables.HatInverseTimesT[i], _phase.Value[i], ringQ[i]);
        }

        // ‖v‖∞·Q = max over coefficients of |[t·x]_Q|, x the phase; [t·x]_Q = Σ_i [t·x_i·(Q/q_i)^-1]_(q_i)·(Q/q_i) mod Q.
        BigInteger largest = BigInteger.Zero;
        for (int k = 0; k < _parameters.N; k++)
        {
            BigInteger w = BigInteger.Zero;
            for (int i = 0; i < levels; i++)
            {
                w += hats[i] * _phase.Value[i][k];
            }

            w %= q;
            if (w > half)
            {
                w = q - w;
            }

            if (w > largest)
            {
                largest = w;
            }
        }

        if (largest.IsZero)
        {
            return (int)Math.Floor(BigInteger.Log(q, 2)) - 1;
        }

        double bits = BigInteger.Log(q, 2) - BigInteger.Log(largest, 2) - 1;
        return Math.Max(0, (int)Math.Floor(bits));
    }

    private void Phase(Ciphertext ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ParameterGuard.Same(_parameters, ciphertext.Parameters, "ciphertext");
        Guard.IsTrue(ciphertext.Level == _parameters.MaxLevel, nameof(ciphertext), "must be at the top level: BFV ciphertexts keep every prime of Q");
        _decryptor.Decrypt(ciphertext, _phase);
        _parameters.RingQ.InverseNtt(_phase.Value);
    }
}

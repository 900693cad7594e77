using Veil.Arithmetic;
using Veil.Random;

namespace Veil.He.Rlwe;

/// <summary>
/// Public-key encryption: <c>(c_0, c_1) = (u·b + e_0 + m, u·a + e_1)</c> with u uniform ternary and e_0, e_1 Gaussian,
/// all from a CSPRNG, computed modulo Q·P and divided by P (the default, as SEAL does) or modulo Q only (see
/// <see cref="PublicKeyEncryption"/>). Holds only the public key, so it can live anywhere.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use (random source and scratch); create one per thread.</remarks>
public sealed class Encryptor
{
    private readonly Parameters _parameters;
    private readonly PublicKey _key;
    private readonly IRandomSource _random;
    private readonly long[] _u, _e0, _e1;
    private readonly ulong[] _row;
    private KeySwitcher? _divider;
    private RnsPoly? _accP0, _accP1;

    /// <summary>Creates an encryptor under <paramref name="publicKey"/>.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="publicKey">The public key.</param>
    /// <param name="random">The source of the ephemeral secrets; must be cryptographically secure. Default: a new <see cref="CryptoRandom"/>.</param>
    /// <param name="mode">Modulo Q·P then divided by P (less noise, the default) or modulo Q only (faster).</param>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    /// <exception cref="VeilException"><paramref name="mode"/> is <see cref="PublicKeyEncryption.ModuloQP"/> and the key
    /// was read from a version 1 file, which lacks the P part.</exception>
    public Encryptor(Parameters parameters, PublicKey publicKey, IRandomSource? random = null, PublicKeyEncryption mode = PublicKeyEncryption.ModuloQP)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(publicKey);
        ParameterGuard.Same(parameters, publicKey.Parameters, "public key");
        if (mode == PublicKeyEncryption.ModuloQP && !publicKey.HasSpecialPrimePart)
        {
            throw new VeilException(
                "This public key was written by an older Veil (format version 1) without its special-prime part: generate a new one, or encrypt with PublicKeyEncryption.ModuloQ.");
        }

        Mode = mode;
        _parameters = parameters;
        _key = publicKey;
        _random = random ?? new CryptoRandom();
        _u = new long[parameters.N];
        _e0 = new long[parameters.N];
        _e1 = new long[parameters.N];
        _row = new ulong[parameters.N];
    }

    /// <summary>How the public key is used.</summary>
    public PublicKeyEncryption Mode { get; }

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="destination"/> (at the plaintext's level and scale).</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Encrypt(Plaintext plaintext, Ciphertext destination)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ParameterGuard.Same(_parameters, plaintext.Parameters, "plaintext");
        EncryptZero(destination, plaintext.Level, plaintext.Scale);
        for (int i = 0; i <= plaintext.Level; i++)
        {
            ModularKernels.Add(destination[0][i], plaintext.Value[i], destination[0][i], _parameters.RingQ[i]);
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into a new ciphertext.</summary>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public Ciphertext EncryptNew(Plaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var ciphertext = new Ciphertext(_parameters, 1, plaintext.Level, plaintext.Scale);
        Encrypt(plaintext, ciphertext);
        return ciphertext;
    }

    /// <summary>Writes a fresh encryption of zero at <paramref name="level"/> with <paramref name="scale"/> into
    /// <paramref name="destination"/>.</summary>
    /// <exception cref="ParameterMismatchException">The destination belongs to other parameters.</exception>
    public void EncryptZero(Ciphertext destination, int level, double scale)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ParameterGuard.Same(_parameters, destination.Parameters, "destination");
        _parameters.CheckLevel(level);
        destination.Resize(1, level);
        destination.Scale = scale;
        Sampling.Ternary(_random, _u);
        Sampling.Gaussian(_random, _e0);
        Sampling.Gaussian(_random, _e1);
        RnsBasis ringQ = _parameters.RingQ;
        for (int i = 0; i <= level; i++)
        {
            // Row by row, so u, e_0, e_1 of this prime stay in cache: c_0 = b·u + e_0, c_1 = a·u + e_1.
            Modulus q = ringQ[i];
            NttTables tables = ringQ.Tables[i];
            Span<ulong> c0 = destination[0][i], c1 = destination[1][i];
            Sampling.EmbedRow(_u, _row, q.Value);
            Ntt.Forward(_row, tables);
            Sampling.EmbedRow(_e0, c0, q.Value);
            Ntt.Forward(c0, tables);
            Sampling.EmbedRow(_e1, c1, q.Value);
            Ntt.Forward(c1, tables);
            ModularKernels.MultiplyAdd(_key.B[i], _row, c0, q);
            ModularKernels.MultiplyAdd(_key.A[i], _row, c1, q);
        }

        if (Mode == PublicKeyEncryption.ModuloQP)
        {
            // The same u, e_0, e_1 modulo each special prime, then (c_0, c_1) = round((c_0, c_1) / P) modulo Q.
            RnsBasis ringP = _parameters.RingP;
            _divider ??= new KeySwitcher(_parameters);
            _accP0 ??= ringP.NewPoly();
            _accP1 ??= ringP.NewPoly();
            for (int k = 0; k < ringP.Count; k++)
            {
                Modulus p = ringP[k];
                NttTables tables = ringP.Tables[k];
                Sampling.EmbedRow(_u, _row, p.Value);
                Ntt.Forward(_row, tables);
                Sampling.EmbedRow(_e0, _accP0[k], p.Value);
                Ntt.Forward(_accP0[k], tables);
                Sampling.EmbedRow(_e1, _accP1[k], p.Value);
                Ntt.Forward(_accP1[k], tables);
                ModularKernels.MultiplyAdd(_key.BP[k], _row, _accP0[k], p);
                ModularKernels.MultiplyAdd(_key.AP[k], _row, _accP1[k], p);
            }

            _divider.ModDown(destination[0], _accP0, level, destination[0]);
            _divider.ModDown(destination[1], _accP1, level, destination[1]);
            _accP0.Clear();
            _accP1.Clear();
        }

        Sampling.Wipe(_u);
        Sampling.Wipe(_e0);
        Sampling.Wipe(_e1);
        Array.Clear(_row);
    }
}

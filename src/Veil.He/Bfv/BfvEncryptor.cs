using Veil.Random;
using Veil.He.Rlwe;

namespace Veil.He.Bfv;

/// <summary>
/// Encrypts BFV plaintexts: the message scaled up to round(Q·m/t) is added to a fresh encryption of zero, made with
/// the public key (as SEAL does, modulo Q·P and divided by P: <see cref="Encryptor"/>) or with the secret key
/// (symmetric, and then also in seeded transport form). Ciphertexts are in NTT form at the top level, with scale 1.
/// </summary>
/// <remarks>Thread-safety: holds scratch buffers and a random source; not safe for concurrent use.</remarks>
public sealed class BfvEncryptor
{
    private readonly Parameters _parameters;
    private readonly Encryptor? _public;
    private readonly SymmetricEncryptor? _symmetric;
    private readonly BfvScaling _scaling;
    private readonly Plaintext _scaled;

    /// <summary>Creates a public-key encryptor: it holds only the public key, so it can live anywhere.</summary>
    /// <param name="parameters">The BFV parameters.</param>
    /// <param name="publicKey">The public key.</param>
    /// <param name="random">The source of the encryption randomness; a CSPRNG (the default) outside tests.</param>
    /// <exception cref="InvalidParametersException">The parameters are not BFV parameters, or the key lacks its
    /// special-prime part.</exception>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    public BfvEncryptor(Parameters parameters, PublicKey publicKey, IRandomSource? random = null)
        : this(parameters)
    {
        _public = new Encryptor(parameters, publicKey, random);
    }

    /// <summary>Creates a secret-key (symmetric) encryptor: it holds the secret key, so it belongs with the decryptor.</summary>
    /// <param name="parameters">The BFV parameters.</param>
    /// <param name="secretKey">The secret key.</param>
    /// <param name="random">The source of the encryption randomness; a CSPRNG (the default) outside tests.</param>
    /// <exception cref="InvalidParametersException">The parameters are not BFV parameters.</exception>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    public BfvEncryptor(Parameters parameters, SecretKey secretKey, IRandomSource? random = null)
        : this(parameters)
    {
        _symmetric = new SymmetricEncryptor(parameters, secretKey, random);
    }

    private BfvEncryptor(Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.EnsureBfv();
        _parameters = parameters;
        _scaling = new BfvScaling(parameters);
        _scaled = new Plaintext(parameters, parameters.MaxLevel, 1);
    }

    /// <summary>True when this encryptor holds the secret key.</summary>
    public bool IsSymmetric => _symmetric is not null;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Encrypt(BfvPlaintext plaintext, Ciphertext destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ScaleUp(plaintext);
        if (_public is not null)
        {
            _public.Encrypt(_scaled, destination);
        }
        else
        {
            _symmetric!.Encrypt(_scaled, destination);
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into a new ciphertext.</summary>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public Ciphertext EncryptNew(BfvPlaintext plaintext)
    {
        var ciphertext = new Ciphertext(_parameters, 1, _parameters.MaxLevel, 1);
        Encrypt(plaintext, ciphertext);
        return ciphertext;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> in transport form, c_0 and the seed of c_1: half the size.</summary>
    /// <exception cref="InvalidOperationException">This is a public-key encryptor (only secret-key encryption can be seeded).</exception>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public SeededCiphertext EncryptSeededNew(BfvPlaintext plaintext)
    {
        if (_symmetric is null)
        {
            throw new InvalidOperationException("Only a secret-key encryptor makes seeded ciphertexts.");
        }

        ScaleUp(plaintext);
        return _symmetric.EncryptSeededNew(_scaled);
    }

    private void ScaleUp(BfvPlaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ParameterGuard.Same(_parameters, plaintext.Parameters, "plaintext");
        _scaling.ScaleUp(plaintext.Coefficients, _scaled.Value);
        _parameters.RingQ.ForwardNtt(_scaled.Value);
    }
}

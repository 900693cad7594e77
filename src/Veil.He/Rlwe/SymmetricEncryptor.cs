using Veil.Arithmetic;
using Veil.Random;

namespace Veil.He.Rlwe;

/// <summary>
/// Secret-key encryption: <c>(c_0, c_1) = (−a·s + e + m, a)</c> with a uniform, expanded from a fresh 32-byte seed, so
/// the ciphertext can travel as c_0 and the seed (<see cref="EncryptSeededNew"/>). It holds the secret key: it belongs
/// with the client, never with an evaluator.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use; create one per thread.</remarks>
public sealed class SymmetricEncryptor
{
    private readonly Parameters _parameters;
    private readonly SecretKey _key;
    private readonly IRandomSource _random;
    private readonly long[] _e;
    private RnsPoly? _uniform;

    /// <summary>Creates an encryptor under <paramref name="secretKey"/>.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="secretKey">The secret key.</param>
    /// <param name="random">Source of errors and seeds; must be cryptographically secure. Default: a new <see cref="CryptoRandom"/>.</param>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    public SymmetricEncryptor(Parameters parameters, SecretKey secretKey, IRandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(secretKey);
        ParameterGuard.Same(parameters, secretKey.Parameters, "secret key");
        _parameters = parameters;
        _key = secretKey;
        _random = random ?? new CryptoRandom();
        _e = new long[parameters.N];
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Encrypt(Plaintext plaintext, Ciphertext destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ParameterGuard.Same(_parameters, destination.Parameters, "destination");
        byte[] seed = EncryptInto(plaintext, destination);
        Array.Clear(seed);
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

    /// <summary>Encrypts <paramref name="plaintext"/> in transport form: c_0 and the seed of c_1, half the size.</summary>
    /// <exception cref="ParameterMismatchException">The plaintext belongs to other parameters.</exception>
    public SeededCiphertext EncryptSeededNew(Plaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ParameterGuard.Same(_parameters, plaintext.Parameters, "plaintext");
        // Only c_0 is kept: the uniform c_1 is expanded into scratch and travels as its seed.
        var c0 = new RnsPoly(_parameters.N, plaintext.Level + 1);
        _uniform ??= new RnsPoly(_parameters.N, 0, _parameters.MaxLevel + 1);
        _uniform.Resize(plaintext.Level + 1);
        byte[] seed = EncryptInto(plaintext, c0, _uniform);
        return new SeededCiphertext(c0, seed, plaintext.Level, plaintext.Scale, _parameters);
    }

    private byte[] EncryptInto(Plaintext plaintext, Ciphertext destination)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ParameterGuard.Same(_parameters, plaintext.Parameters, "plaintext");
        destination.Resize(1, plaintext.Level);
        destination.Scale = plaintext.Scale;
        return EncryptInto(plaintext, destination[0], destination[1]);
    }

    /// <summary>c_1 = the uniform polynomial of a fresh seed, c_0 = e + m − c_1·s, both at the plaintext's level.</summary>
    private byte[] EncryptInto(Plaintext plaintext, RnsPoly c0Poly, RnsPoly c1Poly)
    {
        int level = plaintext.Level;
        byte[] seed = new byte[AesCtrPrg.SeedSize];
        _random.Fill(seed);
        SeededCiphertext.ExpandUniform(_parameters, seed, c1Poly);
        Sampling.Gaussian(_random, _e);
        RnsBasis ringQ = _parameters.RingQ;
        for (int i = 0; i <= level; i++)
        {
            // c_0 = e + m − a·s.
            Modulus q = ringQ[i];
            Span<ulong> c0 = c0Poly[i];
            Sampling.EmbedRow(_e, c0, q.Value);
            Ntt.Forward(c0, ringQ.Tables[i]);
            ModularKernels.Add(c0, plaintext.Value[i], c0, q);
            ModularKernels.Negate(c0, c0, q);
            ModularKernels.MultiplyAdd(c1Poly[i], _key.Q[i], c0, q);
            ModularKernels.Negate(c0, c0, q);
        }

        Sampling.Wipe(_e);
        return seed;
    }
}

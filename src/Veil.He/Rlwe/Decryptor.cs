using Veil.Arithmetic;

namespace Veil.He.Rlwe;

/// <summary>
/// Decryption: m = c_0 + c_1·s (+ c_2·s²), computed in NTT form, so the result is a plaintext ready to decode. The only
/// place besides key generation and symmetric encryption that holds the secret key.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use (scratch); create one per thread.</remarks>
public sealed class Decryptor
{
    private readonly Parameters _parameters;
    private readonly SecretKey _key;
    private readonly ulong[] _square;

    /// <summary>Creates a decryptor with <paramref name="secretKey"/>.</summary>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    public Decryptor(Parameters parameters, SecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(secretKey);
        ParameterGuard.Same(parameters, secretKey.Parameters, "secret key");
        _parameters = parameters;
        _key = secretKey;
        _square = new ulong[parameters.N];
    }

    /// <summary>Decrypts <paramref name="ciphertext"/> into <paramref name="destination"/> (its level and scale).</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Decrypt(Ciphertext ciphertext, Plaintext destination)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(destination);
        ParameterGuard.Same(_parameters, ciphertext.Parameters, "ciphertext");
        ParameterGuard.Same(_parameters, destination.Parameters, "destination");
        destination.Resize(ciphertext.Level);
        destination.Scale = ciphertext.Scale;
        for (int i = 0; i <= ciphertext.Level; i++)
        {
            Modulus q = _parameters.RingQ[i];
            Span<ulong> m = destination.Value[i];
            ciphertext[0][i].CopyTo(m);
            ModularKernels.MultiplyAdd(ciphertext[1][i], _key.Q[i], m, q);
            if (ciphertext.Degree == 2)
            {
                ModularKernels.Multiply(_key.Q[i], _key.Q[i], _square, q);
                ModularKernels.MultiplyAdd(ciphertext[2][i], _square, m, q);
            }
        }

        Array.Clear(_square);
    }

    /// <summary>Decrypts <paramref name="ciphertext"/> into a new plaintext.</summary>
    /// <exception cref="ParameterMismatchException">The ciphertext belongs to other parameters.</exception>
    public Plaintext DecryptNew(Ciphertext ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        var plaintext = new Plaintext(_parameters, ciphertext.Level, ciphertext.Scale);
        Decrypt(ciphertext, plaintext);
        return plaintext;
    }
}

using Veil.Arithmetic;
using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.Cli.Commands.He;

/// <summary>
/// Times the CKKS operations of <c>veil he bench</c> on SEAL's default coefficient moduli (218 bits at N = 8192, 438 at
/// N = 16384), single-threaded: each operation is warmed up, then run repeatedly, and the median is reported. Each
/// repetition takes the next of <see cref="Inputs"/> distinct inputs (values, plaintexts, ciphertexts), so no
/// repetition finds its operands in cache from the one before, as a server's stream of requests would not.
/// <c>encrypt</c> is public-key encryption as SEAL does it (modulo Q·P, then divided by P); <c>encrypt_modulo_q</c> is
/// the faster, noisier encryption modulo Q alone (<see cref="PublicKeyEncryption"/>).
/// </summary>
internal sealed class HeBenchmark : ISchemeBenchmark
{
    /// <summary>The operations, in report order.</summary>
    public static readonly string[] Operations =
    [
        "ntt_forward", "ntt_inverse", "encode", "decode", "encrypt", "encrypt_modulo_q", "encrypt_symmetric", "decrypt", "add", "multiply",
        "multiply_plain", "square", "relinearize", "rescale", "rotate_one_step", "conjugate", "keygen_relin",
        "keygen_galois_one_step",
    ];

    /// <summary>Distinct inputs cycled through by the repetitions.</summary>
    public const int Inputs = 8;

    private readonly Dictionary<string, Action> _actions;
    private int _next;

    public HeBenchmark(int logN)
    {
        Parameters = Parameters.Create(logN == 13 ? CkksPresets.Seal8192 : CkksPresets.Seal16384);
        var generator = new KeyGenerator(Parameters);
        SecretKey secretKey = generator.GenSecretKeyNew();
        EvaluationKeys keys = generator.GenEvaluationKeysNew(secretKey, [1], conjugation: true);
        var encoder = new CkksEncoder(Parameters);
        PublicKey publicKey = generator.GenPublicKeyNew(secretKey);
        var encryptor = new Encryptor(Parameters, publicKey);
        var encryptorModuloQ = new Encryptor(Parameters, publicKey, mode: PublicKeyEncryption.ModuloQ);
        var symmetricEncryptor = new SymmetricEncryptor(Parameters, secretKey);
        var decryptor = new Decryptor(Parameters, secretKey);
        var evaluator = new CkksEvaluator(Parameters, keys);

        var random = new System.Random(1);
        double[][] values = [.. Enumerable.Range(0, Inputs).Select(_ => Enumerable.Range(0, Parameters.Slots).Select(_ => random.NextDouble()).ToArray())];
        Plaintext[] plaintexts = [.. values.Select(v => encoder.EncodeNew(v))];
        Ciphertext[] ciphertexts = [.. plaintexts.Select(encryptor.EncryptNew)];
        Ciphertext[] products = [.. Enumerable.Range(0, Inputs).Select(i => evaluator.MultiplyNew(ciphertexts[i], ciphertexts[(i + 1) % Inputs]))];
        Plaintext decrypted = new(Parameters, Parameters.MaxLevel, Parameters.DefaultScale);
        Ciphertext result = new(Parameters);
        var relinearizationKey = new RelinearizationKey(Parameters);
        var galoisKey = new GaloisKey(Parameters, Automorphism.RotationElement(Parameters.LogN, 1));
        NttTables tables = Parameters.RingQ.Tables[0];
        ulong[][] rows = [.. Enumerable.Range(0, Inputs).Select(_ => Enumerable.Range(0, Parameters.N).Select(_ => (ulong)random.NextInt64((long)tables.Modulus.Value)).ToArray())];
        double[] decoded = new double[Parameters.Slots];

        // a is this repetition's input, b the next one's: two distinct operands, both fresh.
        Ciphertext A() => ciphertexts[_next];
        Ciphertext B() => ciphertexts[(_next + 1) % Inputs];
        _actions = new Dictionary<string, Action>
        {
            ["ntt_forward"] = () => Ntt.Forward(rows[Next()], tables),
            ["ntt_inverse"] = () => Ntt.Inverse(rows[Next()], tables),
            ["encode"] = () => encoder.Encode(values[Next()], plaintexts[_next]),
            ["decode"] = () => encoder.Decode(plaintexts[Next()], decoded),
            ["encrypt"] = () => encryptor.Encrypt(plaintexts[Next()], result),
            ["encrypt_modulo_q"] = () => encryptorModuloQ.Encrypt(plaintexts[Next()], result),
            ["encrypt_symmetric"] = () => symmetricEncryptor.Encrypt(plaintexts[Next()], result),
            ["decrypt"] = () => decryptor.Decrypt(ciphertexts[Next()], decrypted),
            ["add"] = () => { Next(); evaluator.Add(A(), B(), result); },
            ["multiply"] = () => { Next(); evaluator.Multiply(A(), B(), result); },
            ["multiply_plain"] = () => evaluator.Multiply(ciphertexts[Next()], plaintexts[(_next + 1) % Inputs], result),
            ["square"] = () => evaluator.Square(ciphertexts[Next()], result),
            ["relinearize"] = () => evaluator.Relinearize(products[Next()], result),
            ["rescale"] = () => evaluator.Rescale(ciphertexts[Next()], result),
            ["rotate_one_step"] = () => evaluator.Rotate(ciphertexts[Next()], 1, result),
            ["conjugate"] = () => evaluator.Conjugate(ciphertexts[Next()], result),
            ["keygen_relin"] = () => generator.GenRelinearizationKey(secretKey, relinearizationKey),
            ["keygen_galois_one_step"] = () => generator.GenGaloisKey(secretKey, galoisKey),
        };
    }

    /// <summary>The parameters measured.</summary>
    public Parameters Parameters { get; }

    /// <inheritdoc />
    public string Description => $"CKKS, {Parameters}, single thread";

    /// <inheritdoc />
    IReadOnlyList<string> ISchemeBenchmark.Operations => Operations;

    /// <inheritdoc />
    public double Measure(string operation, TimeSpan budget) => MedianTimer.Measure(_actions[operation], budget);

    private int Next() => _next = (_next + 1) % Inputs;
}

using Veil.Arithmetic;
using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.Cli.Commands.He;

/// <summary>
/// Times the CKKS operations of <c>veil he bench</c> on SEAL's default coefficient moduli (218 bits at N = 8192, 438 at
/// N = 16384), single-threaded: each operation is warmed up, then run repeatedly, and the median is reported.
/// </summary>
internal sealed class HeBenchmark : ISchemeBenchmark
{
    /// <summary>The operations, in report order.</summary>
    public static readonly string[] Operations =
    [
        "ntt_forward", "ntt_inverse", "encode", "decode", "encrypt", "decrypt", "add", "multiply", "multiply_plain",
        "square", "relinearize", "rescale", "rotate_one_step", "conjugate",
    ];

    private readonly Dictionary<string, Action> _actions;

    public HeBenchmark(int logN)
    {
        Parameters = Parameters.Create(logN == 13 ? CkksPresets.Seal8192 : CkksPresets.Seal16384);
        var generator = new KeyGenerator(Parameters);
        SecretKey secretKey = generator.GenSecretKeyNew();
        EvaluationKeys keys = generator.GenEvaluationKeysNew(secretKey, [1], conjugation: true);
        var encoder = new CkksEncoder(Parameters);
        var encryptor = new Encryptor(Parameters, generator.GenPublicKeyNew(secretKey));
        var decryptor = new Decryptor(Parameters, secretKey);
        var evaluator = new CkksEvaluator(Parameters, keys);

        var random = new System.Random(1);
        double[] values = Enumerable.Range(0, Parameters.Slots).Select(_ => random.NextDouble()).ToArray();
        Plaintext plaintext = encoder.EncodeNew(values);
        Plaintext decrypted = new(Parameters, Parameters.MaxLevel, Parameters.DefaultScale);
        Ciphertext a = encryptor.EncryptNew(plaintext), b = encryptor.EncryptNew(encoder.EncodeNew(values));
        Ciphertext result = new(Parameters), product = evaluator.MultiplyNew(a, b);
        NttTables tables = Parameters.RingQ.Tables[0];
        ulong[] row = Enumerable.Range(0, Parameters.N).Select(_ => (ulong)random.NextInt64((long)tables.Modulus.Value)).ToArray();
        double[] decoded = new double[Parameters.Slots];

        _actions = new Dictionary<string, Action>
        {
            ["ntt_forward"] = () => Ntt.Forward(row, tables),
            ["ntt_inverse"] = () => Ntt.Inverse(row, tables),
            ["encode"] = () => encoder.Encode(values, plaintext),
            ["decode"] = () => encoder.Decode(plaintext, decoded),
            ["encrypt"] = () => encryptor.Encrypt(plaintext, result),
            ["decrypt"] = () => decryptor.Decrypt(a, decrypted),
            ["add"] = () => evaluator.Add(a, b, result),
            ["multiply"] = () => evaluator.Multiply(a, b, result),
            ["multiply_plain"] = () => evaluator.Multiply(a, plaintext, result),
            ["square"] = () => evaluator.Square(a, result),
            ["relinearize"] = () => evaluator.Relinearize(product, result),
            ["rescale"] = () => evaluator.Rescale(a, result),
            ["rotate_one_step"] = () => evaluator.Rotate(a, 1, result),
            ["conjugate"] = () => evaluator.Conjugate(a, result),
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
}

using Veil.He.Bfv;
using Veil.He.Rlwe;

namespace Veil.Cli.Commands.He;

/// <summary>
/// Times the BFV operations of <c>veil he bench --scheme bfv</c> on SEAL's default coefficient moduli with a 20-bit
/// batching plaintext modulus (<see cref="BfvPresets"/>), single-threaded, under the same rule as the CKKS benchmark:
/// warm-up, then the median of repetitions, each on the next of <see cref="HeBenchmark.Inputs"/> distinct inputs.
/// Operation names follow SEAL's evaluator (<c>add_plain</c>, <c>rotate_rows</c>, <c>rotate_columns</c>).
/// </summary>
internal sealed class BfvBenchmark : ISchemeBenchmark
{
    private static readonly string[] OperationNames =
    [
        "encode", "decode", "encrypt", "encrypt_symmetric", "decrypt", "add", "add_plain", "negate", "multiply",
        "multiply_plain", "square", "relinearize", "rotate_rows", "rotate_columns", "keygen_relin", "keygen_galois_one_step",
    ];

    private const int Inputs = HeBenchmark.Inputs;

    private readonly Dictionary<string, Action> _actions;
    private readonly (int Fresh, int AfterProduct) _budgets;
    private int _next;

    public BfvBenchmark(int logN)
    {
        Parameters = Parameters.Create(logN switch { 12 => BfvPresets.N4096, 13 => BfvPresets.N8192, _ => BfvPresets.N16384 });
        var generator = new KeyGenerator(Parameters);
        SecretKey secretKey = generator.GenSecretKeyNew();
        EvaluationKeys keys = generator.GenEvaluationKeysNew(secretKey, [1], conjugation: true);
        var encoder = new BfvEncoder(Parameters);
        var encryptor = new BfvEncryptor(Parameters, generator.GenPublicKeyNew(secretKey));
        var symmetric = new BfvEncryptor(Parameters, secretKey);
        var decryptor = new BfvDecryptor(Parameters, secretKey);
        var evaluator = new BfvEvaluator(Parameters, keys);

        var random = new System.Random(1);
        ulong t = Parameters.PlaintextModulus;
        ulong[][] values = [.. Enumerable.Range(0, Inputs).Select(_ => Enumerable.Range(0, Parameters.N).Select(_ => (ulong)random.NextInt64((long)t)).ToArray())];
        BfvPlaintext[] plaintexts = [.. values.Select(v => encoder.EncodeNew(v))];
        Ciphertext[] ciphertexts = [.. plaintexts.Select(encryptor.EncryptNew)];
        Ciphertext[] products = [.. Enumerable.Range(0, Inputs).Select(i => evaluator.MultiplyNew(ciphertexts[i], ciphertexts[(i + 1) % Inputs]))];
        var decrypted = new BfvPlaintext(Parameters);
        var result = new Ciphertext(Parameters, 1, Parameters.MaxLevel, 1);
        var relinearizationKey = new RelinearizationKey(Parameters);
        var galoisKey = new GaloisKey(Parameters, Automorphism.RotationElement(Parameters.LogN, 1));
        ulong[] decoded = new ulong[Parameters.N];
        _budgets = (decryptor.NoiseBudget(ciphertexts[0]), decryptor.NoiseBudget(evaluator.RelinearizeNew(products[0])));

        Ciphertext A() => ciphertexts[_next];
        Ciphertext B() => ciphertexts[(_next + 1) % Inputs];
        _actions = new Dictionary<string, Action>
        {
            ["encode"] = () => encoder.Encode(values[Next()], plaintexts[_next]),
            ["decode"] = () => encoder.Decode(plaintexts[Next()], decoded),
            ["encrypt"] = () => encryptor.Encrypt(plaintexts[Next()], result),
            ["encrypt_symmetric"] = () => symmetric.Encrypt(plaintexts[Next()], result),
            ["decrypt"] = () => decryptor.Decrypt(ciphertexts[Next()], decrypted),
            ["add"] = () => { Next(); evaluator.Add(A(), B(), result); },
            ["add_plain"] = () => evaluator.AddPlain(ciphertexts[Next()], plaintexts[(_next + 1) % Inputs], result),
            ["negate"] = () => evaluator.Negate(ciphertexts[Next()], result),
            ["multiply"] = () => { Next(); evaluator.Multiply(A(), B(), result); },
            ["multiply_plain"] = () => evaluator.MultiplyPlain(ciphertexts[Next()], plaintexts[(_next + 1) % Inputs], result),
            ["square"] = () => evaluator.Square(ciphertexts[Next()], result),
            ["relinearize"] = () => evaluator.Relinearize(products[Next()], result),
            ["rotate_rows"] = () => evaluator.RotateRows(ciphertexts[Next()], 1, result),
            ["rotate_columns"] = () => evaluator.RotateColumns(ciphertexts[Next()], result),
            ["keygen_relin"] = () => generator.GenRelinearizationKey(secretKey, relinearizationKey),
            ["keygen_galois_one_step"] = () => generator.GenGaloisKey(secretKey, galoisKey),
        };
    }

    /// <summary>The parameters measured.</summary>
    public Parameters Parameters { get; }

    /// <inheritdoc />
    public string Description =>
        $"{Parameters}, single thread; noise budget {_budgets.Fresh} bits fresh, {_budgets.AfterProduct} after one product";

    /// <inheritdoc />
    public IReadOnlyList<string> Operations => OperationNames;

    /// <inheritdoc />
    public double Measure(string operation, TimeSpan budget) => MedianTimer.Measure(_actions[operation], budget);

    private int Next() => _next = (_next + 1) % Inputs;
}

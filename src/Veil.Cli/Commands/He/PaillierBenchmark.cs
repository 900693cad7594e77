using System.Diagnostics;
using System.Numerics;
using Veil.He.Paillier;

namespace Veil.Cli.Commands.He;

/// <summary>
/// Times the Paillier operations of <c>veil he bench --scheme paillier</c>, single-threaded, each repetition on fresh
/// inputs (a ring of distinct plaintexts and ciphertexts, drawn once).
/// </summary>
internal sealed class PaillierBenchmark : ISchemeBenchmark
{
    private const int Inputs = 16;

    private static readonly string[] OperationNames =
        ["keygen", "encrypt", "encrypt_precomputed", "decrypt", "add", "add_plain", "multiply_plain_64bit"];

    private readonly int _modulusBits;
    private readonly PaillierPublicKey _key;
    private readonly PaillierEncryptor _encryptor;
    private readonly Dictionary<string, Action> _actions;
    private int _next;

    public PaillierBenchmark(int modulusBits)
    {
        _modulusBits = modulusBits;
        PaillierKeyPair pair = PaillierKeyGenerator.Generate(modulusBits);
        _key = pair.PublicKey;
        _encryptor = new PaillierEncryptor(_key);
        var decryptor = new PaillierDecryptor(pair.SecretKey);
        var evaluator = new PaillierEvaluator(_key);
        var random = new System.Random(1);
        BigInteger[] plaintexts = [.. Enumerable.Range(0, Inputs).Select(_ => new BigInteger(random.NextInt64()) * random.NextInt64())];
        BigInteger[] scalars = [.. Enumerable.Range(0, Inputs).Select(_ => new BigInteger(random.NextInt64()) | (BigInteger.One << 63))];
        PaillierCiphertext[] ciphertexts = [.. plaintexts.Select(p => _encryptor.Encrypt(p))];

        _actions = new Dictionary<string, Action>
        {
            ["keygen"] = () => PaillierKeyGenerator.Generate(modulusBits),
            ["encrypt"] = () => _encryptor.Encrypt(plaintexts[Next()]),
            ["decrypt"] = () => decryptor.Decrypt(ciphertexts[Next()]),
            ["add"] = () => evaluator.Add(ciphertexts[Next()], ciphertexts[(_next + 7) % Inputs]),
            ["add_plain"] = () => evaluator.AddPlain(ciphertexts[Next()], plaintexts[(_next + 7) % Inputs]),
            ["multiply_plain_64bit"] = () => evaluator.MultiplyPlain(ciphertexts[Next()], scalars[(_next + 7) % Inputs]),
        };
    }

    /// <inheritdoc />
    public string Description => $"Paillier, {_modulusBits}-bit modulus ({_key.SecurityBits}-bit security), single thread";

    /// <inheritdoc />
    public IReadOnlyList<string> Operations => OperationNames;

    /// <inheritdoc />
    public double Measure(string operation, TimeSpan budget) =>
        operation == "encrypt_precomputed" ? MeasureOnline(budget) : MedianTimer.Measure(_actions[operation], budget);

    /// <summary>The online step of encryption from a pool: each batch's randomness is precomputed outside the timed
    /// region and each value used once, as a client that precomputes while idle would.</summary>
    private double MeasureOnline(TimeSpan budget)
    {
        const int Batch = 16;
        var times = new List<double>();
        var clock = new Stopwatch();
        var total = Stopwatch.StartNew();
        while (times.Count < 5 * Batch || (total.Elapsed < budget && times.Count < 2000))
        {
            var pool = new PaillierRandomnessPool(_key);
            pool.Precompute(Batch, threads: 1);
            var encryptor = new PaillierEncryptor(_key, pool);
            for (int i = 0; i < Batch; i++)
            {
                BigInteger plaintext = new(i + times.Count);
                clock.Restart();
                encryptor.Encrypt(plaintext);
                times.Add(clock.Elapsed.TotalMicroseconds);
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private int Next() => _next = (_next + 1) % Inputs;
}

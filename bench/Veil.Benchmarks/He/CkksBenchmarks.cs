using BenchmarkDotNet.Attributes;
using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.Benchmarks.He;

/// <summary>
/// The CKKS operations of <c>veil he bench</c> on SEAL's default coefficient moduli (218 bits at N = 8192, 438 at
/// N = 16384), at the top level, single-threaded. Reported as <c>Ckks.Relinearize: N=8192</c>.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project bench/Veil.Benchmarks -- --filter '*Ckks*'</c>.</remarks>
public class Ckks
{
    private CkksEncoder _encoder = null!;
    private Encryptor _encryptor = null!;
    private Decryptor _decryptor = null!;
    private CkksEvaluator _evaluator = null!;
    private double[] _values = [], _decoded = [];
    private Plaintext _plaintext = null!, _decrypted = null!;
    private Ciphertext _a = null!, _b = null!, _product = null!, _result = null!;
    private Ciphertext[] _rotations = [];
    private int[] _steps = [];

    [Params(8192, 16384)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parameters parameters = Parameters.Create(N == 8192 ? CkksPresets.Seal8192 : CkksPresets.Seal16384);
        var generator = new KeyGenerator(parameters);
        SecretKey secretKey = generator.GenSecretKeyNew();
        _steps = [1, 2, 3, 4, 5, 6, 7, 8];
        _encoder = new CkksEncoder(parameters);
        _encryptor = new Encryptor(parameters, generator.GenPublicKeyNew(secretKey));
        _decryptor = new Decryptor(parameters, secretKey);
        _evaluator = new CkksEvaluator(parameters, generator.GenEvaluationKeysNew(secretKey, _steps, conjugation: true));
        var random = new System.Random(1);
        _values = Enumerable.Range(0, parameters.Slots).Select(_ => random.NextDouble()).ToArray();
        _decoded = new double[parameters.Slots];
        _plaintext = _encoder.EncodeNew(_values);
        _decrypted = new Plaintext(parameters, parameters.MaxLevel, parameters.DefaultScale);
        _a = _encryptor.EncryptNew(_plaintext);
        _b = _encryptor.EncryptNew(_plaintext);
        _product = _evaluator.MultiplyNew(_a, _b);
        _result = new Ciphertext(parameters);
        _rotations = _steps.Select(_ => new Ciphertext(parameters)).ToArray();
    }

    [Benchmark]
    public void Encode() => _encoder.Encode(_values, _plaintext);

    [Benchmark]
    public void Decode() => _encoder.Decode(_plaintext, _decoded);

    [Benchmark]
    public void Encrypt() => _encryptor.Encrypt(_plaintext, _result);

    [Benchmark]
    public void Decrypt() => _decryptor.Decrypt(_a, _decrypted);

    [Benchmark]
    public void Add() => _evaluator.Add(_a, _b, _result);

    [Benchmark]
    public void Multiply() => _evaluator.Multiply(_a, _b, _result);

    [Benchmark]
    public void MultiplyPlain() => _evaluator.Multiply(_a, _plaintext, _result);

    [Benchmark]
    public void Square() => _evaluator.Square(_a, _result);

    [Benchmark]
    public void Relinearize() => _evaluator.Relinearize(_product, _result);

    [Benchmark]
    public void Rescale() => _evaluator.Rescale(_a, _result);

    [Benchmark]
    public void RotateOneStep() => _evaluator.Rotate(_a, 1, _result);

    [Benchmark]
    public void Conjugate() => _evaluator.Conjugate(_a, _result);

    /// <summary>Eight rotations (steps 1 to 8) sharing one decomposition: compare with 8 × RotateOneStep.</summary>
    [Benchmark]
    public void RotateHoistedEight() => _evaluator.RotateHoisted(_a, _steps, _rotations);
}

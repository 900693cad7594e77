using Veil.He.Bfv;
using Veil.He.Rlwe;

namespace Veil.He.Tests.Bfv;

/// <summary>One BFV parameter set with every key made once, shared by the tests of a class.</summary>
public class BfvContext
{
    public BfvContext(ParametersLiteral literal, IEnumerable<int>? rotationSteps = null)
    {
        Parameters = Parameters.Create(literal);
        var generator = new KeyGenerator(Parameters);
        SecretKey = generator.GenSecretKeyNew();
        PublicKey = generator.GenPublicKeyNew(SecretKey);
        Keys = generator.GenEvaluationKeysNew(SecretKey, rotationSteps);
        Encoder = new BfvEncoder(Parameters);
        Encryptor = new BfvEncryptor(Parameters, PublicKey);
        Decryptor = new BfvDecryptor(Parameters, SecretKey);
        Evaluator = new BfvEvaluator(Parameters, Keys);
    }

    public Parameters Parameters { get; }

    public SecretKey SecretKey { get; }

    public PublicKey PublicKey { get; }

    public EvaluationKeys Keys { get; }

    public BfvEncoder Encoder { get; }

    public BfvEncryptor Encryptor { get; }

    public BfvDecryptor Decryptor { get; }

    public BfvEvaluator Evaluator { get; }

    public ulong T => Parameters.PlaintextModulus;

    public int N => Parameters.N;

    /// <summary>Uniform values in [0, t) from a fixed seed (test data, not secrets).</summary>
    public ulong[] RandomSlots(int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, N).Select(_ => (ulong)random.NextInt64((long)T)).ToArray();
    }

    public Ciphertext Encrypt(ulong[] values) => Encryptor.EncryptNew(Encoder.EncodeNew(values));

    public ulong[] Decrypt(Ciphertext ciphertext) => Encoder.DecodeNew(Decryptor.DecryptNew(ciphertext));

    /// <summary>The slot-wise reference: op applied to each pair modulo t, in 128-bit arithmetic.</summary>
    public ulong[] Slotwise(ulong[] a, ulong[] b, Func<UInt128, UInt128, UInt128, UInt128> op) =>
        a.Zip(b, (x, y) => (ulong)(op(x, y, T) % T)).ToArray();
}

public sealed class BfvN4096Context() : BfvContext(BfvPresets.N4096, [1, 2, 3, -1, 7, 100]);

public sealed class BfvN8192Context() : BfvContext(BfvPresets.N8192, []);

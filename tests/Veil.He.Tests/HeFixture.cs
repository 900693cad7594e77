using System.Numerics;
using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.He.Tests;

/// <summary>One parameter set with every key made once, shared by the tests of a class.</summary>
public class HeContext
{
    public HeContext(ParametersLiteral literal, IEnumerable<int>? rotationSteps = null)
    {
        Parameters = Parameters.Create(literal);
        var generator = new KeyGenerator(Parameters);
        SecretKey = generator.GenSecretKeyNew();
        PublicKey = generator.GenPublicKeyNew(SecretKey);
        Keys = generator.GenEvaluationKeysNew(SecretKey, rotationSteps);
        Encoder = new CkksEncoder(Parameters);
        Encryptor = new Encryptor(Parameters, PublicKey);
        SymmetricEncryptor = new SymmetricEncryptor(Parameters, SecretKey);
        Decryptor = new Decryptor(Parameters, SecretKey);
        Evaluator = new CkksEvaluator(Parameters, Keys);
    }

    public Parameters Parameters { get; }

    public SecretKey SecretKey { get; }

    public PublicKey PublicKey { get; }

    public EvaluationKeys Keys { get; }

    public CkksEncoder Encoder { get; }

    public Encryptor Encryptor { get; }

    public SymmetricEncryptor SymmetricEncryptor { get; }

    public Decryptor Decryptor { get; }

    public CkksEvaluator Evaluator { get; }

    public int Slots => Parameters.Slots;

    /// <summary>Uniform values in [-bound, bound] from a fixed seed (test data, not secrets).</summary>
    public static double[] RandomValues(int count, int seed, double bound = 1.0)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, count).Select(_ => ((2 * random.NextDouble()) - 1) * bound).ToArray();
    }

    public static Complex[] RandomComplex(int count, int seed, double bound = 1.0)
    {
        double[] re = RandomValues(count, seed, bound), im = RandomValues(count, seed + 1000, bound);
        return re.Zip(im, (a, b) => new Complex(a, b)).ToArray();
    }

    public Ciphertext Encrypt(ReadOnlySpan<double> values, int level = -1, double scale = 0) =>
        Encryptor.EncryptNew(Encoder.EncodeNew(values, level, scale));

    public Ciphertext Encrypt(ReadOnlySpan<Complex> values, int level = -1, double scale = 0) =>
        Encryptor.EncryptNew(Encoder.EncodeNew(values, level, scale));

    public double[] Decrypt(Ciphertext ciphertext) => Encoder.DecodeNew(Decryptor.DecryptNew(ciphertext));

    public Complex[] DecryptComplex(Ciphertext ciphertext) => Encoder.DecodeComplexNew(Decryptor.DecryptNew(ciphertext));

    /// <summary>Asserts max_j |actual[j] − expected[j]| ≤ bound over the expected entries, and returns the error.</summary>
    public static double AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double bound, string what = "")
    {
        double worst = 0;
        for (int j = 0; j < expected.Length; j++)
        {
            worst = Math.Max(worst, Math.Abs(expected[j] - actual[j]));
        }

        Assert.True(worst <= bound, $"{what}: max error {worst:E3} exceeds the bound {bound:E3}");
        return worst;
    }

    public static double AssertClose(ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual, double bound, string what = "")
    {
        double worst = 0;
        for (int j = 0; j < expected.Length; j++)
        {
            worst = Math.Max(worst, Complex.Abs(expected[j] - actual[j]));
        }

        Assert.True(worst <= bound, $"{what}: max error {worst:E3} exceeds the bound {bound:E3}");
        return worst;
    }
}

/// <summary>N = 8192, depth 3 at scale 2^40, with the default rotation keys.</summary>
public sealed class Context8192 : HeContext
{
    public Context8192()
        : base(CkksPresets.N8192Depth3)
    {
    }
}

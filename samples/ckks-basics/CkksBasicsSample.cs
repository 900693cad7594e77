using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.Samples.CkksBasics;

/// <summary>What the sample computed: the largest error of each encrypted result against the same computation in the clear.</summary>
public sealed record SampleResult(double DotProduct, double DotProductError, double PolynomialError);

/// <summary>
/// CKKS in a few steps: make keys, encrypt a vector, compute a dot product and a polynomial on the ciphertexts,
/// decrypt, and compare with the plaintext computation.
/// </summary>
public static class CkksBasicsSample
{
    public static SampleResult Run(TextWriter output)
    {
        // 1. Parameters: N = 8192 (4096 slots), three levels at scale 2^40, 128-bit secure.
        Parameters parameters = Parameters.Create(CkksPresets.N8192Depth3);
        output.WriteLine($"CKKS: {parameters}");

        // 2. Keys. The client keeps the secret key; the evaluation keys (relinearization and the default power-of-two
        //    rotations) are all a server needs.
        var generator = new KeyGenerator(parameters);
        SecretKey secretKey = generator.GenSecretKeyNew();
        PublicKey publicKey = generator.GenPublicKeyNew(secretKey);
        EvaluationKeys evaluationKeys = generator.GenEvaluationKeysNew(secretKey);

        var encoder = new CkksEncoder(parameters);
        var encryptor = new Encryptor(parameters, publicKey);
        var decryptor = new Decryptor(parameters, secretKey);
        var evaluator = new CkksEvaluator(parameters, evaluationKeys);

        // 3. Encrypt two vectors of 1000 values.
        const int Count = 1000;
        var random = new System.Random(2024);
        double[] x = Enumerable.Range(0, Count).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
        double[] w = Enumerable.Range(0, Count).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
        Ciphertext cx = encryptor.EncryptNew(encoder.EncodeNew(x));
        Ciphertext cw = encryptor.EncryptNew(encoder.EncodeNew(w));

        // 4. Dot product: slot-wise product, relinearize, rescale, then sum the first 1000 slots into slot 0.
        Ciphertext products = evaluator.RescaleNew(evaluator.MultiplyRelinearizeNew(cx, cw));
        Ciphertext dot = evaluator.InnerSumNew(products, 1, Count);
        double encryptedDot = encoder.DecodeNew(decryptor.DecryptNew(dot))[0];
        double plainDot = x.Zip(w, (a, b) => a * b).Sum();
        output.WriteLine($"dot product of {Count} values: encrypted {encryptedDot:F9}, in the clear {plainDot:F9}, error {Math.Abs(encryptedDot - plainDot):E2}");

        // 5. The polynomial p(x) = 0.5 + 0.25·x − 0.125·x³, keeping every term at exactly the same scale so they add.
        const double A0 = 0.5, A1 = 0.25, A3 = -0.125;
        Ciphertext x2 = evaluator.RescaleNew(evaluator.MultiplyRelinearizeNew(cx, cx));                       // level 2
        Ciphertext x3 = evaluator.RescaleNew(evaluator.MultiplyRelinearizeNew(x2, evaluator.DropLevelNew(cx, x2.Level))); // level 1
        Ciphertext cubic = evaluator.RescaleNew(evaluator.MultiplyByConstantNew(x3, A3));                      // level 0, scale s
        // a1·x is brought to level 0 with the same scale s: multiply by a1 rounded at s·q_3/Δ, rescale, drop levels.
        double constantScale = cubic.Scale * parameters.Q[cx.Level] / cx.Scale;
        Ciphertext linear = evaluator.RescaleNew(evaluator.MultiplyByConstantNew(cx, A1, constantScale));
        evaluator.DropLevel(linear, cubic.Level, linear);
        Ciphertext polynomial = evaluator.AddConstantNew(evaluator.AddNew(cubic, linear), A0);

        double[] decrypted = encoder.DecodeNew(decryptor.DecryptNew(polynomial));
        double polynomialError = x.Select((v, j) => Math.Abs(A0 + (A1 * v) + (A3 * v * v * v) - decrypted[j])).Max();
        output.WriteLine($"p(x) = 0.5 + 0.25x − 0.125x³ on {Count} values: max error {polynomialError:E2} (levels left: {polynomial.Level})");
        return new SampleResult(encryptedDot, Math.Abs(encryptedDot - plainDot), polynomialError);
    }
}

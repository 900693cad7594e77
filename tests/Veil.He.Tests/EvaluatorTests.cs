using System.Numerics;
using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.He.Tests;

/// <summary>Every operation against the same computation on the plaintext vectors, with an explicit error bound.
/// At scale 2^40, fresh noise is about 2^-29 a slot; a product with relinearization and rescaling about 2^-25.</summary>
public class EvaluatorTests(Context8192 context) : IClassFixture<Context8192>
{
    private const double Fresh = 1e-6;      // ≈ 2^-20: fresh ciphertexts and additions
    private const double Product = 1e-5;    // ≈ 2^-17: one multiplication, relinearized and rescaled

    private CkksEvaluator Evaluator => context.Evaluator;

    private double[] X => HeContext.RandomValues(context.Slots, 10);

    private double[] Y => HeContext.RandomValues(context.Slots, 11);

    [Fact]
    public void AddSubtractNegate()
    {
        double[] x = X, y = Y;
        Ciphertext a = context.Encrypt(x), b = context.Encrypt(y);
        HeContext.AssertClose(x.Zip(y, (p, q) => p + q).ToArray(), context.Decrypt(Evaluator.AddNew(a, b)), Fresh, "add");
        HeContext.AssertClose(x.Zip(y, (p, q) => p - q).ToArray(), context.Decrypt(Evaluator.SubtractNew(a, b)), Fresh, "subtract");
        HeContext.AssertClose(x.Select(p => -p).ToArray(), context.Decrypt(Evaluator.NegateNew(a)), Fresh, "negate");

        // In place: the destination is an operand.
        Ciphertext c = a.Clone();
        Evaluator.Add(c, b, c);
        Evaluator.Subtract(b, c, c);
        HeContext.AssertClose(x.Select(p => -p).ToArray(), context.Decrypt(c), Fresh, "in place");
    }

    [Fact]
    public void PlaintextOperands()
    {
        double[] x = X, y = Y;
        Ciphertext a = context.Encrypt(x);
        Plaintext p = context.Encoder.EncodeNew(y);
        HeContext.AssertClose(x.Zip(y, (u, v) => u + v).ToArray(), context.Decrypt(Evaluator.AddNew(a, p)), Fresh, "add plain");
        HeContext.AssertClose(x.Zip(y, (u, v) => u - v).ToArray(), context.Decrypt(Evaluator.SubtractNew(a, p)), Fresh, "subtract plain");
        Ciphertext product = Evaluator.RescaleNew(Evaluator.MultiplyNew(a, p));
        HeContext.AssertClose(x.Zip(y, (u, v) => u * v).ToArray(), context.Decrypt(product), Product, "multiply plain");
        Assert.Equal(context.Parameters.MaxLevel - 1, product.Level);
    }

    /// <summary>Several combinations of shared inputs in one pass equal the one-at-a-time combinations exactly, and
    /// decrypt to Σ w·x + b.</summary>
    [Fact]
    public void LinearCombinationsOfSharedInputs()
    {
        double[][] values = [.. Enumerable.Range(0, 5).Select(k => HeContext.RandomValues(context.Slots, 40 + k))];
        Ciphertext[] inputs = [.. values.Select(v => context.Encrypt(v))];
        double[][] weights = [[0.5, -1.25, 0, 2, 0.125], [1, 1, 1, 1, 1], [-0.3, 0.7, 0.01, 0, -2]];
        double[] biases = [0.25, -1, 0];
        Ciphertext[] together = [.. weights.Select(_ => new Ciphertext(context.Parameters))];
        Evaluator.LinearCombinations(inputs, weights, biases, together);
        for (int o = 0; o < weights.Length; o++)
        {
            var alone = new Ciphertext(context.Parameters);
            Evaluator.LinearCombination(inputs, weights[o], biases[o], alone);
            Assert.True(alone[0][0].SequenceEqual(together[o][0][0]) && alone[1][2].SequenceEqual(together[o][1][2]), $"output {o}");
            double[] expected = [.. Enumerable.Range(0, context.Slots).Select(j => biases[o] + Enumerable.Range(0, inputs.Length).Sum(t => weights[o][t] * values[t][j]))];
            HeContext.AssertClose(expected, context.Decrypt(Evaluator.RescaleNew(together[o])), 5 * Product, $"combination {o}");
        }

        Assert.Throws<ArgumentException>(() => Evaluator.LinearCombinations(inputs, weights, biases, [together[0], inputs[1], together[2]]));
        Assert.Throws<ArgumentException>(() => Evaluator.LinearCombinations(inputs, weights, [0.0], together));
    }

    [Fact]
    public void Constants()
    {
        double[] x = X;
        Ciphertext a = context.Encrypt(x);
        HeContext.AssertClose(x.Select(v => v + 2.5).ToArray(), context.Decrypt(Evaluator.AddConstantNew(a, 2.5)), Fresh, "add constant");
        Ciphertext scaled = Evaluator.RescaleNew(Evaluator.MultiplyByConstantNew(a, -0.75));
        HeContext.AssertClose(x.Select(v => v * -0.75).ToArray(), context.Decrypt(scaled), Product, "multiply by constant");
        Assert.Equal(a.Scale, scaled.Scale, 1e-6 * a.Scale);
        HeContext.AssertClose(x.Select(v => v * 7).ToArray(), context.Decrypt(Evaluator.MultiplyByIntegerNew(a, 7)), 7 * Fresh, "multiply by integer");
    }

    [Fact]
    public void ComplexConstantsActOnEachSlot()
    {
        Complex[] z = HeContext.RandomComplex(context.Slots, 12);
        Ciphertext a = context.Encrypt(z);
        var c = new Complex(0.5, -1.25);
        HeContext.AssertClose(z.Select(v => v + c).ToArray(), context.DecryptComplex(Evaluator.AddConstantNew(a, c)), Fresh, "add");
        Ciphertext product = Evaluator.RescaleNew(Evaluator.MultiplyByConstantNew(a, c));
        HeContext.AssertClose(z.Select(v => v * c).ToArray(), context.DecryptComplex(product), Product, "multiply");
    }

    [Fact]
    public void MultiplyRelinearizeRescale()
    {
        double[] x = X, y = Y;
        Ciphertext a = context.Encrypt(x), b = context.Encrypt(y);
        Ciphertext product = Evaluator.MultiplyNew(a, b);
        Assert.Equal(2, product.Degree);
        double[] expected = x.Zip(y, (u, v) => u * v).ToArray();
        HeContext.AssertClose(expected, context.Decrypt(product), Fresh, "degree 2 decrypts");
        Ciphertext relinearized = Evaluator.RelinearizeNew(product);
        Assert.Equal(1, relinearized.Degree);
        HeContext.AssertClose(expected, context.Decrypt(relinearized), Fresh, "relinearized");
        Ciphertext rescaled = Evaluator.RescaleNew(relinearized);
        Assert.Equal(a.Level - 1, rescaled.Level);
        Assert.Equal(a.Scale * b.Scale / context.Parameters.Q[a.Level], rescaled.Scale, 1e-9 * rescaled.Scale);
        HeContext.AssertClose(expected, context.Decrypt(rescaled), Product, "rescaled");
    }

    [Fact]
    public void SquareMatchesMultiplyBySelf()
    {
        double[] x = X;
        Ciphertext a = context.Encrypt(x);
        Ciphertext square = Evaluator.RescaleNew(Evaluator.RelinearizeNew(Evaluator.SquareNew(a)));
        HeContext.AssertClose(x.Select(v => v * v).ToArray(), context.Decrypt(square), Product);
    }

    [Fact]
    public void DepthThreeUsesEveryLevel()
    {
        // x ↦ x^8 through three squarings, each relinearized and rescaled: every level is consumed.
        double[] x = X;
        Ciphertext a = context.Encrypt(x);
        for (int i = 0; i < 3; i++)
        {
            Evaluator.MultiplyRelinearize(a, a, a);
            Evaluator.Rescale(a, a);
        }

        Assert.Equal(0, a.Level);
        HeContext.AssertClose(x.Select(v => Math.Pow(v, 8)).ToArray(), context.Decrypt(a), 1e-4, "x^8");
        Assert.Throws<LevelExhaustedException>(() => Evaluator.Rescale(a, a));
    }

    [Fact]
    public void ScaleOverflowIsATypedError()
    {
        Ciphertext a = context.Encrypt(X, level: 0);
        var error = Assert.Throws<ScaleOverflowException>(() => Evaluator.MultiplyNew(a, a));
        Assert.Contains("Rescale", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DropLevelAndLevelAlignment()
    {
        double[] x = X, y = Y;
        Ciphertext a = context.Encrypt(x), b = context.Encrypt(y, level: 1);
        Assert.Throws<OperandMismatchException>(() => Evaluator.AddNew(a, b));
        Ciphertext dropped = Evaluator.DropLevelNew(a, 1);
        Assert.Equal(1, dropped.Level);
        double[] sum = x.Zip(y, (u, v) => u + v).ToArray();
        HeContext.AssertClose(sum, context.Decrypt(Evaluator.AddNew(dropped, b)), Fresh, "after DropLevel");
        CkksEvaluator aligning = Evaluator.WithOptions(new CkksEvaluatorOptions { AlignLevels = true });
        Ciphertext aligned = aligning.AddNew(a, b);
        Assert.Equal(1, aligned.Level);
        HeContext.AssertClose(sum, context.Decrypt(aligned), Fresh, "AlignLevels");
    }

    [Fact]
    public void ScaleAlignment()
    {
        double[] x = X, y = Y;
        Ciphertext a = context.Encrypt(x), b = context.Encrypt(y);
        Ciphertext product = Evaluator.RescaleNew(Evaluator.MultiplyRelinearizeNew(a, b));
        Ciphertext c = context.Encrypt(y, level: product.Level);
        // After rescaling by a prime that is not exactly 2^40 the scales differ slightly: strict addition refuses.
        Assert.Throws<OperandMismatchException>(() => Evaluator.AddNew(product, c));
        double[] expected = x.Zip(y, (u, v) => (u * v) + v).ToArray();

        // SetScale spends a level to make the scale exact.
        Ciphertext cAligned = Evaluator.SetScaleNew(context.Encrypt(y, level: product.Level + 1), product.Scale);
        HeContext.AssertClose(expected, context.Decrypt(Evaluator.AddNew(product, cAligned)), Product, "SetScale");

        // AlignScales accepts the drift.
        CkksEvaluator aligning = Evaluator.WithOptions(new CkksEvaluatorOptions { AlignScales = true });
        HeContext.AssertClose(expected, context.Decrypt(aligning.AddNew(product, c)), 1e-4, "AlignScales");

        // An integer ratio of scales is aligned exactly by multiplying the smaller one.
        Ciphertext doubled = context.Encrypt(y, scale: 2 * a.Scale);
        HeContext.AssertClose(x.Zip(y, (u, v) => u + v).ToArray(), context.Decrypt(aligning.AddNew(a, doubled)), Fresh, "integer ratio");
    }

    [Fact]
    public void EveryPowerOfTwoRotation()
    {
        double[] x = X;
        Ciphertext a = context.Encrypt(x);
        int n = context.Slots;
        for (int step = 1; step < n; step <<= 1)
        {
            foreach (int s in new[] { step, -step })
            {
                double[] expected = Enumerable.Range(0, n).Select(j => x[(((j + s) % n) + n) % n]).ToArray();
                HeContext.AssertClose(expected, context.Decrypt(Evaluator.RotateNew(a, s)), Fresh, $"rotate {s}");
            }
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(-5)]
    [InlineData(1000)]
    [InlineData(4095)]
    [InlineData(8192)]
    public void RotationsWithoutTheirOwnKeyAreComposed(int step)
    {
        double[] x = X;
        int n = context.Slots;
        double[] expected = Enumerable.Range(0, n).Select(j => x[(((j + step) % n) + n) % n]).ToArray();
        HeContext.AssertClose(expected, context.Decrypt(Evaluator.RotateNew(context.Encrypt(x), step)), Fresh, $"rotate {step}");
    }

    [Fact]
    public void HoistedRotationsMatchPlainRotations()
    {
        double[] x = X;
        Ciphertext a = context.Encrypt(x, level: 2);
        int[] steps = [1, 2, 4, -1, 3, 16, 0];
        Ciphertext[] rotated = Evaluator.RotateHoistedNew(a, steps);
        int n = context.Slots;
        for (int i = 0; i < steps.Length; i++)
        {
            double[] expected = Enumerable.Range(0, n).Select(j => x[(((j + steps[i]) % n) + n) % n]).ToArray();
            HeContext.AssertClose(expected, context.Decrypt(rotated[i]), Fresh, $"hoisted {steps[i]}");
        }
    }

    [Fact]
    public void ConjugateSumSlotsInnerSum()
    {
        Complex[] z = HeContext.RandomComplex(context.Slots, 13);
        Ciphertext a = context.Encrypt(z);
        HeContext.AssertClose(z.Select(Complex.Conjugate).ToArray(), context.DecryptComplex(Evaluator.ConjugateNew(a)), Fresh, "conjugate");

        double[] x = X;
        Ciphertext b = context.Encrypt(x);
        double total = x.Sum();
        // The sum of 4096 slots accumulates 4096 slot errors.
        HeContext.AssertClose(Enumerable.Repeat(total, context.Slots).ToArray(), context.Decrypt(Evaluator.SumSlotsNew(b)), 1e-4, "sum of slots");

        // Sums of 5 consecutive blocks of 3 slots.
        double[] inner = context.Decrypt(Evaluator.InnerSumNew(b, 3, 5));
        double[] expected = Enumerable.Range(0, 64).Select(j => Enumerable.Range(0, 5).Sum(k => x[(j + (3 * k)) % context.Slots])).ToArray();
        HeContext.AssertClose(expected, inner.AsSpan(0, 64), 1e-5, "inner sum");
    }

    [Fact]
    public void MissingKeysAreATypedError()
    {
        var bare = new CkksEvaluator(context.Parameters);
        Ciphertext a = context.Encrypt(X);
        Assert.Throws<MissingKeyException>(() => bare.RotateNew(a, 1));
        Assert.Throws<MissingKeyException>(() => bare.MultiplyRelinearizeNew(a, a));
        Assert.Throws<MissingKeyException>(() => bare.ConjugateNew(a));
        var onlyEvenSteps = new KeyGenerator(context.Parameters).GenEvaluationKeysNew(context.SecretKey, [2, 4], conjugation: false);
        var limited = new CkksEvaluator(context.Parameters, onlyEvenSteps);
        HeContext.AssertClose(
            Enumerable.Range(0, context.Slots).Select(j => X[(j + 6) % context.Slots]).ToArray(),
            context.Decrypt(limited.RotateNew(a, 6)), Fresh, "6 = 2 + 4");
        Assert.Throws<MissingKeyException>(() => limited.RotateNew(a, 1));
    }
}

public class EvaluatorUsageTests(Context8192 context) : IClassFixture<Context8192>
{
    [Fact]
    public void MultiplyAddAccumulatesADiagonalProduct()
    {
        // Σ_i rot_i(x) ⊙ d_i for i = 0..3, the shape of a diagonal matrix-vector product, with hoisted rotations.
        int n = context.Slots;
        double[] x = HeContext.RandomValues(n, 60);
        double[][] diagonals = Enumerable.Range(0, 4).Select(i => HeContext.RandomValues(n, 61 + i)).ToArray();
        CkksEvaluator evaluator = context.Evaluator;
        Ciphertext cx = context.Encrypt(x);
        Ciphertext[] rotated = evaluator.RotateHoistedNew(cx, [0, 1, 2, 3]);
        Ciphertext sum = evaluator.MultiplyNew(rotated[0], context.Encoder.EncodeNew(diagonals[0]));
        for (int i = 1; i < 4; i++)
        {
            evaluator.MultiplyAdd(rotated[i], context.Encoder.EncodeNew(diagonals[i]), sum);
        }

        evaluator.Rescale(sum, sum);
        double[] expected = Enumerable.Range(0, n).Select(j => Enumerable.Range(0, 4).Sum(i => x[(j + i) % n] * diagonals[i][j])).ToArray();
        HeContext.AssertClose(expected, context.Decrypt(sum), 1e-5);
        Assert.Throws<OperandMismatchException>(() => evaluator.MultiplyAdd(cx, context.Encoder.EncodeNew(x, scale: 3), sum));
    }

    [Fact]
    public void ShallowCopiesEvaluateConcurrently()
    {
        int n = context.Slots;
        double[] x = HeContext.RandomValues(n, 70);
        Ciphertext cx = context.Encrypt(x);
        Ciphertext[] results = new Ciphertext[4];
        Parallel.For(0, results.Length, t =>
        {
            CkksEvaluator evaluator = context.Evaluator.ShallowCopy();
            results[t] = evaluator.RescaleNew(evaluator.MultiplyRelinearizeNew(evaluator.RotateNew(cx, t + 1), cx));
        });

        for (int t = 0; t < results.Length; t++)
        {
            double[] expected = Enumerable.Range(0, n).Select(j => x[(j + t + 1) % n] * x[j]).ToArray();
            HeContext.AssertClose(expected, context.Decrypt(results[t]), 1e-5, $"thread {t}");
        }
    }
}

using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.He.Tests;

/// <summary>N = 16384 with two-prime key-switching digits (depth 7).</summary>
public sealed class Context16384 : HeContext
{
    public Context16384()
        : base(CkksPresets.N16384Depth7, [1, -1, 64])
    {
    }
}

public class LargeRingTests(Context16384 context) : IClassFixture<Context16384>
{
    [Fact]
    public void MultiplyRotateAndSerializeAtN16384()
    {
        double[] x = HeContext.RandomValues(context.Slots, 40), y = HeContext.RandomValues(context.Slots, 41);
        Ciphertext a = context.Encrypt(x), b = context.Encrypt(y);
        CkksEvaluator evaluator = context.Evaluator;
        Ciphertext product = evaluator.RescaleNew(evaluator.MultiplyRelinearizeNew(a, b));
        int n = context.Slots;
        double[] expected = Enumerable.Range(0, n).Select(j => x[(j + 64) % n] * y[(j + 64) % n]).ToArray();
        HeContext.AssertClose(expected, context.Decrypt(evaluator.RotateNew(product, 64)), 1e-5, "rotate 64 of a product");
        expected = Enumerable.Range(0, n).Select(j => x[(j + n - 1) % n] * y[(j + n - 1) % n]).ToArray();
        HeContext.AssertClose(expected, context.Decrypt(evaluator.RotateHoistedNew(product, [-1])[0]), 1e-5, "hoisted rotate −1");

        var stream = new MemoryStream();
        product.WriteTo(stream);
        stream.Position = 0;
        HeContext.AssertClose(x.Zip(y, (u, v) => u * v).ToArray(), context.Decrypt(Ciphertext.ReadFrom(stream, context.Parameters)), 1e-5, "read back");
    }

    [Fact]
    public void SevenLevelsOfSquaring()
    {
        double[] x = HeContext.RandomValues(context.Slots, 42);
        Ciphertext a = context.Encrypt(x);
        double[] expected = (double[])x.Clone();
        for (int i = 0; i < 7; i++)
        {
            context.Evaluator.MultiplyRelinearize(a, a, a);
            context.Evaluator.Rescale(a, a);
            expected = expected.Select(v => v * v).ToArray();
        }

        Assert.Equal(0, a.Level);
        HeContext.AssertClose(expected, context.Decrypt(a), 1e-3, "x^128");
    }
}

/// <summary>Primes above 2^50 run the scalar kernels: a chain mixing 58- and 60-bit primes with 40-bit ones.</summary>
public sealed class ContextWidePrimes : HeContext
{
    public ContextWidePrimes()
        : base(new ParametersLiteral { LogN = 13, LogQ = [58, 40, 40], LogP = [60], LogDefaultScale = 40 }, [1])
    {
    }
}

public class WidePrimeTests(ContextWidePrimes context) : IClassFixture<ContextWidePrimes>
{
    [Fact]
    public void ScalarPrimesComputeTheSameAsVectorPrimes()
    {
        double[] x = HeContext.RandomValues(context.Slots, 50, 100), y = HeContext.RandomValues(context.Slots, 51, 100);
        CkksEvaluator evaluator = context.Evaluator;
        Ciphertext a = context.Encrypt(x), b = context.Encrypt(y);
        Ciphertext product = evaluator.RescaleNew(evaluator.MultiplyRelinearizeNew(a, b));
        Ciphertext twice = evaluator.RescaleNew(evaluator.MultiplyRelinearizeNew(product, evaluator.DropLevelNew(b, 1)));
        int n = context.Slots;
        double[] expected = Enumerable.Range(0, n).Select(j => x[(j + 1) % n] * y[(j + 1) % n] * y[(j + 1) % n]).ToArray();
        HeContext.AssertClose(expected, context.Decrypt(evaluator.RotateNew(twice, 1)), 1e-2, "x·y² rotated, values up to 10^6");
    }
}
